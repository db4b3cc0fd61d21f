using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns a robot <see cref="ListQuery"/> into SQL over the <c>robots</c> table (aliased <c>r</c>) for both
/// backends, which differ only in the parameter prefix. Filters were checked by <see cref="RobotFields.Validate"/>.
/// </summary>
public sealed class RobotListSql(char parameterPrefix)
{
    public const string Columns =
        "r.robot_id, r.name, r.description, COALESCE(r.project_id, 0), r.secret_hash, r.duration, r.expires_at, r.disabled, " +
        "r.creator_type, r.creator_ref, r.creation_time, r.update_time, r.permissions";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => SqlListParts.Condition(Column(f.Key), f.Value, v => Typed(f.Key, v), parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query, Column, "r.name ASC", "r.robot_id ASC");
        return ($"SELECT {Columns} FROM robots r{where}{orderAndPage};", $"SELECT COUNT(*) FROM robots r{where};", parameters.Values);
    }

    private static object Typed(string field, string value) => field switch
    {
        RobotFields.ProjectId => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        RobotFields.Disabled => value == "true",
        _ => value,
    };

    private static string Column(string field) => field switch
    {
        RobotFields.Id => "r.robot_id",
        RobotFields.Name => "r.name",
        RobotFields.Description => "r.description",
        RobotFields.ProjectId => "COALESCE(r.project_id, 0)",
        RobotFields.Disabled => "r.disabled",
        RobotFields.Duration => "r.duration",
        RobotFields.ExpiresAt => "r.expires_at",
        RobotFields.CreationTime => "r.creation_time",
        RobotFields.UpdateTime => "r.update_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a robot field"),
    };
}
