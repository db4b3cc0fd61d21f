using System.Globalization;
using System.Text;
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
        var parameters = new List<(string Name, object Value)>();
        var conditions = query.Filters.Select(f => Condition(f.Key, f.Value, parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var order = new StringBuilder(" ORDER BY ");
        foreach (var sort in query.Sorts)
        {
            order.Append(SortColumn(sort.Field)).Append(sort.Descending ? " DESC, " : " ASC, ");
        }

        if (query.Sorts.Count == 0)
        {
            order.Append("u.username ASC, ");
        }

        order.Append("u.user_id ASC");
        var limit = string.Create(CultureInfo.InvariantCulture, $" LIMIT {query.PageSize} OFFSET {query.Offset}");
        return ($"SELECT {Columns} FROM users u{where}{order}{limit};", $"SELECT COUNT(*) FROM users u{where};", parameters);
    }

    private string Condition(string field, QueryValue value, List<(string Name, object Value)> parameters)
    {
        var column = FilterColumn(field);
        if (field == UserFields.SysadminFlag)
        {
            var flag = ProjectMetadataRules.TryParseBool(((ExactValue)value).Value, out var parsed) && parsed;
            return $"{column} = {Add(parameters, flag)}";
        }

        var numeric = field == UserFields.UserId;
        object Typed(string v) => numeric ? long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : v;
        return value switch
        {
            ExactValue e => $"{column} = {Add(parameters, Typed(e.Value))}",
            FuzzyValue f => $"LOWER({column}) LIKE {Add(parameters, "%" + EscapeLike(f.Value.ToLowerInvariant()) + "%")} ESCAPE '\\'",
            RangeValue r => string.Join(
                " AND ",
                new[]
                {
                    r.Min is null ? null : $"{column} >= {Add(parameters, Typed(r.Min))}",
                    r.Max is null ? null : $"{column} <= {Add(parameters, Typed(r.Max))}",
                }.OfType<string>()),
            OrListValue o => o.Values.Count == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", o.Values.Select(v => Add(parameters, Typed(v))))})",
            AndListValue a => a.Values.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", a.Values.Select(v => $"{column} = {Add(parameters, Typed(v))}")) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown query value"),
        };
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

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private string Add(List<(string Name, object Value)> parameters, object value)
    {
        var name = parameterPrefix + "q" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters.Add((name, value));
        return name;
    }
}
