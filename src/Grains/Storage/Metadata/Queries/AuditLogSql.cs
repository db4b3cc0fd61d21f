using System.Globalization;
using System.Text;
using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns an <see cref="AuditLogQuery"/> into SQL over <c>audit_log</c> for both backends, which differ
/// only in the parameter prefix. Filters were validated by <see cref="AuditLogFields.TryConvert"/>, so
/// values of numeric fields parse; field names are whitelisted here, never spliced from input.
/// </summary>
public sealed class AuditLogSql(char parameterPrefix)
{
    public const string Columns = "id, username, resource, resource_type, operation, op_result, op_time, project_id, op_desc";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(AuditLogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => Condition(f, parameters)).ToList();
        if (query.ProjectIds is { } projects)
        {
            conditions.Add(projects.Count == 0 ? "1 = 0" : $"project_id IN ({string.Join(", ", projects.Select(p => parameters.Add(p)))})");
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var order = new StringBuilder(" ORDER BY ");
        foreach (var sort in query.Sorts.Count == 0 ? AuditLogFields.DefaultSort : query.Sorts)
        {
            // Records of no project sort as 0 on both backends (SQLite puts NULL first, PostgreSQL last).
            order.Append(sort.Field == AuditLogFields.ProjectId ? "COALESCE(project_id, 0)" : Column(sort.Field)).Append(sort.Descending ? " DESC, " : " ASC, ");
        }

        // Records written in one batch share a time; the id keeps pages stable and newest-first.
        order.Append("id DESC");
        var limit = string.Create(CultureInfo.InvariantCulture, $" LIMIT {query.PageSize} OFFSET {query.Offset}");
        return ($"SELECT {Columns} FROM audit_log{where}{order}{limit};", $"SELECT COUNT(*) FROM audit_log{where};", parameters.Values);
    }

    private static string Condition(AuditFilter filter, SqlParameters parameters)
    {
        var column = Column(filter.Field);
        var text = AuditLogFields.IsText(filter.Field);
        object Typed(string v) => text ? v : long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var values = filter.Values;
        return filter.Match switch
        {
            AuditMatch.Exact => $"{column} = {parameters.Add(Typed(values[0]))}",
            AuditMatch.Fuzzy when text =>
                $"LOWER({column}) LIKE {parameters.Add("%" + SqlListParts.EscapeLike(values[0].ToLowerInvariant()) + "%")} ESCAPE '\\'",
            AuditMatch.Range => string.Join(
                " AND ",
                new[]
                {
                    values[0].Length == 0 ? null : $"{column} >= {parameters.Add(Typed(values[0]))}",
                    values[1].Length == 0 ? null : $"{column} <= {parameters.Add(Typed(values[1]))}",
                }.OfType<string>().DefaultIfEmpty("1 = 1")),
            AuditMatch.AnyOf => values.Count == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", values.Select(v => parameters.Add(Typed(v))))})",
            AuditMatch.AllOf => values.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", values.Select(v => $"{column} = {parameters.Add(Typed(v))}")) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "not a valid audit filter"),
        };
    }

    private static string Column(string field) => field switch
    {
        AuditLogFields.Id => "id",
        AuditLogFields.ProjectId => "project_id",
        AuditLogFields.Username => "username",
        AuditLogFields.Resource => "resource",
        AuditLogFields.ResourceType => "resource_type",
        AuditLogFields.Operation => "operation",
        AuditLogFields.OpTime => "op_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an audit log field"),
    };
}

