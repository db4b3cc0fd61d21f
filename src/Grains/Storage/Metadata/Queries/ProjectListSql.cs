using System.Globalization;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns a <see cref="ProjectListQuery"/> into SQL over the <c>projects</c> table (aliased <c>p</c>)
/// for both backends; they differ only in the parameter prefix and how the "public" metadata value is
/// read from the JSON column. Filters were checked by <see cref="ProjectFields.Validate"/>.
/// </summary>
public sealed class ProjectListSql(char parameterPrefix, string publicExpression)
{
    private readonly SystemQuerySql _visibility = new(parameterPrefix, publicExpression);

    /// <summary>
    /// The listing columns: a project row, then owner id, repository count and the registry endpoint a proxy-cache
    /// project pulls through (NULL for an ordinary project).
    /// </summary>
    public const string Columns =
        "p.project_id, p.name, p.owner_name, p.metadata, p.creation_time, p.update_time, " +
        "COALESCE((SELECT u.user_id FROM users u WHERE u.username = p.owner_name), 0), " +
        "(SELECT COUNT(*) FROM repositories r WHERE r.project = p.name), " +
        "(SELECT c.registry_id FROM proxy_cache_projects c WHERE c.project_id = p.project_id)";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ProjectListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = new List<string>();
        foreach (var (field, value) in query.Query.Filters)
        {
            conditions.Add(Condition(field, value, parameters));
        }

        if (!query.Visibility.Everything)
        {
            conditions.Add(_visibility.VisibilityCondition(query.Visibility, parameters));
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query.Query, Column, "p.name ASC", "p.project_id ASC");
        return ($"SELECT {Columns} FROM projects p{where}{orderAndPage};", $"SELECT COUNT(*) FROM projects p{where};", parameters.Values);
    }

    private string Condition(string field, QueryValue value, SqlParameters parameters)
    {
        if (field == ProjectFields.Public)
        {
            var flag = ProjectMetadataRules.TryParseBool(((ExactValue)value).Value, out var parsed) && parsed;
            return flag ? $"{publicExpression} = 'true'" : $"({publicExpression} IS NULL OR {publicExpression} <> 'true')";
        }

        return field == ProjectFields.ProjectId
            ? SqlListParts.Condition(Column(field), value, v => long.Parse(v, CultureInfo.InvariantCulture), parameters)
            : SqlListParts.Condition(Column(field), value, v => v, parameters);
    }

    private static string Column(string field) => field switch
    {
        ProjectFields.Name => "p.name",
        ProjectFields.Owner => "p.owner_name",
        ProjectFields.ProjectId => "p.project_id",
        ProjectFields.CreationTime => "p.creation_time",
        ProjectFields.UpdateTime => "p.update_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a project field"),
    };
}
