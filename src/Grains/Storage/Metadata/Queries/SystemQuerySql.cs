using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// The statistics and repository-search statements for both backends; they differ only in the parameter prefix
/// and how the "public" metadata value is read from the JSON column of <c>projects</c> (aliased <c>p</c>).
/// </summary>
public sealed class SystemQuerySql(char parameterPrefix, string publicExpression)
{
    /// <summary>The state value of a present blob (<c>BlobState.Present</c>).</summary>
    private const int PresentBlob = 1;

    /// <summary>One row: public projects, their repositories, member-private projects, their repositories, totals, storage bytes.</summary>
    public (string Sql, IReadOnlyList<(string Name, object Value)> Parameters) Statistics(bool totals, ProjectMember? member)
    {
        var parameters = new SqlParameters(parameterPrefix);
        var isPublic = $"{publicExpression} = 'true'";
        var columns = new List<string>
        {
            $"(SELECT COUNT(*) FROM projects p WHERE {isPublic})",
            $"(SELECT COUNT(*) FROM repositories r JOIN projects p ON p.name = r.project WHERE {isPublic})",
        };
        if (member is not null)
        {
            var privateMember = $"({publicExpression} IS NULL OR {publicExpression} <> 'true') AND {MembershipCondition(member.UserId, member.GroupIds, parameters)}";
            columns.Add($"(SELECT COUNT(*) FROM projects p WHERE {privateMember})");
            columns.Add($"(SELECT COUNT(*) FROM repositories r JOIN projects p ON p.name = r.project WHERE {privateMember})");
        }
        else
        {
            columns.Add("0");
            columns.Add("0");
        }

        if (totals)
        {
            columns.Add("(SELECT COUNT(*) FROM projects)");
            columns.Add("(SELECT COUNT(*) FROM repositories)");
            columns.Add(string.Create(CultureInfo.InvariantCulture, $"(SELECT COALESCE(SUM(b.size), 0) FROM blobs b WHERE b.state = {PresentBlob})"));
            columns.Add("(SELECT COALESCE(SUM(d.size), 0) FROM (SELECT DISTINCT digest, size FROM manifests) d)");
        }
        else
        {
            columns.AddRange(["0", "0", "0", "0"]);
        }

        return ($"SELECT {string.Join(", ", columns)};", parameters.Values);
    }

    /// <summary>Repositories matching <paramref name="keyword"/> in visible projects: name, project id, project name, public, pull count, artifact count.</summary>
    public (string Sql, IReadOnlyList<(string Name, object Value)> Parameters) SearchRepositories(string keyword, ProjectVisibility visibility, int limit)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        ArgumentNullException.ThrowIfNull(visibility);
        var parameters = new SqlParameters(parameterPrefix);
        var pattern = parameters.Add("%" + SqlListParts.EscapeLike(keyword.ToLowerInvariant()) + "%");
        var sql = $"""
            SELECT r.name, p.project_id, p.name, CASE WHEN {publicExpression} = 'true' THEN 1 ELSE 0 END, r.pull_count,
                   (SELECT COUNT(*) FROM manifests m WHERE m.repository = r.name)
            FROM repositories r JOIN projects p ON p.name = r.project
            WHERE LOWER(r.name) LIKE {pattern} ESCAPE '\' AND {VisibilityCondition(visibility, parameters)}
            ORDER BY r.name LIMIT {limit.ToString(CultureInfo.InvariantCulture)};
            """;
        return (sql, parameters.Values);
    }

    /// <summary>
    /// Harbor's visibility rule as a condition on <c>p</c>: everything, or public projects (when included) plus those the
    /// user or one of its groups is a member of.
    /// </summary>
    public string VisibilityCondition(ProjectVisibility visibility, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(parameters);
        if (visibility.Everything)
        {
            return "1 = 1";
        }

        var visible = new List<string>();
        if (visibility.IncludePublic)
        {
            visible.Add($"{publicExpression} = 'true'");
        }

        if (visibility.MemberUserId is { } userId)
        {
            visible.Add(MembershipCondition(userId, visibility.MemberGroupIds, parameters));
        }

        return visible.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", visible) + ")";
    }

    private static string MembershipCondition(long userId, IReadOnlyList<long> groupIds, SqlParameters parameters)
    {
        var entities = $"(m.entity_type = 'u' AND m.entity_id = {parameters.Add(userId)})";
        if (groupIds.Count > 0)
        {
            entities += $" OR (m.entity_type = 'g' AND m.entity_id IN ({string.Join(", ", groupIds.Select(id => parameters.Add(id)))}))";
        }

        return $"EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.project_id AND ({entities}))";
    }
}
