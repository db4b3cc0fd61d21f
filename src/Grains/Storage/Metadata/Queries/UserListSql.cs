using System.Globalization;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns a user <see cref="ListQuery"/> into SQL over the <c>users</c> table (aliased <c>u</c>) for both
/// backends; they differ in the parameter prefix and in how the later of creation and update time is
/// written. Filters were checked by <see cref="UserFields.Validate"/>. Without a sort, users come in
/// username order, as Harbor's default.
/// </summary>
public sealed class UserListSql(char parameterPrefix, string greatestFunction)
{
    /// <summary>The account columns, in the order both backends read them.</summary>
    public string Columns =>
        "u.user_id, u.username, u.email, u.realname, u.comment, u.is_admin, u.creation_time, " +
        $"{greatestFunction}(u.creation_time, u.update_time)";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => Condition(f.Key, f.Value, parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query, SortColumn, "u.username ASC", "u.user_id ASC");
        return ($"SELECT {Columns} FROM users u{where}{orderAndPage};", $"SELECT COUNT(*) FROM users u{where};", parameters.Values);
    }

    private static string Condition(string field, QueryValue value, SqlParameters parameters)
    {
        var column = FilterColumn(field);
        if (field == UserFields.SysadminFlag)
        {
            var flag = ProjectMetadataRules.TryParseBool(((ExactValue)value).Value, out var parsed) && parsed;
            return $"{column} = {parameters.Add(flag)}";
        }

        return field == UserFields.UserId
            ? SqlListParts.Condition(column, value, v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), parameters)
            : SqlListParts.Condition(column, value, v => v, parameters);
    }

    private static string FilterColumn(string field) => field switch
    {
        UserFields.UserId => "u.user_id",
        UserFields.Username => "u.username",
        UserFields.Email => "u.email",
        UserFields.Realname => "u.realname",
        UserFields.Comment => "u.comment",
        UserFields.SysadminFlag => "u.is_admin",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a filterable user field"),
    };

    // Users without an email sort as if it were empty, so both backends agree where NULLs go.
    private string SortColumn(string field) => field switch
    {
        UserFields.Email => "COALESCE(u.email, '')",
        UserFields.CreationTime => "u.creation_time",
        UserFields.UpdateTime => $"{greatestFunction}(u.creation_time, u.update_time)",
        UserFields.UsernameLength => "LENGTH(u.username)",
        _ => FilterColumn(field),
    };
}
