using System.Globalization;
using System.Text;

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
        var parameters = new List<(string Name, object Value)>();
        var conditions = query.Filters.Select(f => Condition(f.Key, f.Value, parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var order = new StringBuilder(" ORDER BY ");
        foreach (var sort in query.Sorts)
        {
            order.Append(Column(sort.Field)).Append(sort.Descending ? " DESC, " : " ASC, ");
        }

        if (query.Sorts.Count == 0)
        {
            order.Append("r.name ASC, ");
        }

        order.Append("r.robot_id ASC");
        var limit = string.Create(CultureInfo.InvariantCulture, $" LIMIT {query.PageSize} OFFSET {query.Offset}");
        return ($"SELECT {Columns} FROM robots r{where}{order}{limit};", $"SELECT COUNT(*) FROM robots r{where};", parameters);
    }

    private string Condition(string field, QueryValue value, List<(string Name, object Value)> parameters)
    {
        var column = Column(field);
        object Typed(string v) => field switch
        {
            RobotFields.ProjectId => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            RobotFields.Disabled => v == "true",
            _ => v,
        };
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

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private string Add(List<(string Name, object Value)> parameters, object value)
    {
        var name = parameterPrefix + "q" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters.Add((name, value));
        return name;
    }
}
