using System.Globalization;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// SQL of Harbor's repository, artifact and tag listings for both backends. They differ in the parameter prefix,
/// how a manifest's config media type is read from its stored bytes, and how a project's "public" flag is read.
/// Tables: <c>repositories r</c>, <c>manifests m</c>, <c>tags t</c>, <c>projects p</c>.
/// </summary>
public sealed class ArtifactListSql(char parameterPrefix, string configMediaTypeExpression, string publicExpression)
{
    /// <summary>The artifact columns, in the order <c>ReadArtifact</c> of each store reads them.</summary>
    public const string ArtifactColumns =
        "m.artifact_id, m.repository, r.repository_id, m.digest, m.media_type, m.artifact_type, m.size, m.subject, m.content, m.annotations, m.pushed_at";

    public const string ArtifactFrom = " FROM manifests m JOIN repositories r ON r.name = m.repository";

    public const string TagColumns = "t.tag_id, t.name, t.digest, t.pushed_at";

    /// <summary>
    /// True for an artifact Harbor lists on its own: neither the child of an index nor an accessory of a stored subject,
    /// whether a referrer (its <c>subject</c>) or a cosign accessory tagged <c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c> or
    /// <c>.sbom</c> (<see cref="ArtifactKeeper.Registry.CosignTagScheme"/>; Harbor records a <c>.sig</c> tag as the accessory of the digest it
    /// names, and we treat the other two alike). Character 72 on is the suffix, as sha256 hex is 64 long.
    /// </summary>
    public const string TopLevel =
        "NOT EXISTS (SELECT 1 FROM manifest_references x WHERE x.repository = m.repository AND x.target_digest = m.digest AND x.kind = 1)" +
        " AND (m.subject IS NULL OR NOT EXISTS (SELECT 1 FROM manifests s WHERE s.repository = m.repository AND s.digest = m.subject))" +
        " AND NOT EXISTS (SELECT 1 FROM tags c JOIN manifests s ON s.repository = c.repository" +
        " WHERE c.repository = m.repository AND c.digest = m.digest AND c.name LIKE 'sha256-%'" +
        " AND substr(c.name, 72) IN ('.sig', '.att', '.sbom') AND s.digest = 'sha256:' || substr(c.name, 8, 64))";

    /// <summary>The repository columns, in the order <c>ReadRepository</c> of each store reads them.</summary>
    public const string RepositoryColumns =
        "r.repository_id, r.name, COALESCE(p.project_id, 0), r.description, " +
        "(SELECT COUNT(*) FROM manifests m WHERE m.repository = r.name AND " + TopLevel + "), r.creation_time, r.update_time";

    public const string RepositoryFrom = " FROM repositories r LEFT JOIN projects p ON p.name = r.project";

    private string ArtifactMediaType =>
        $"(CASE WHEN {configMediaTypeExpression} IS NULL THEN m.media_type " +
        $"WHEN {configMediaTypeExpression} = '{ManifestMediaTypes.OciEmpty}' AND m.artifact_type IS NOT NULL THEN m.artifact_type " +
        $"ELSE {configMediaTypeExpression} END)";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Repositories(RepositoryListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = new List<string>();
        if (query.Project is not null)
        {
            conditions.Add($"r.project = {parameters.Add(query.Project)}");
        }

        foreach (var (field, value) in query.Query.Filters)
        {
            conditions.Add(field == RepositoryFields.ProjectId
                ? SqlListParts.Condition("p.project_id", value, v => long.Parse(v, CultureInfo.InvariantCulture), parameters)
                : SqlListParts.Condition("r.name", value, v => v, parameters));
        }

        if (Visibility(query.Visibility, parameters) is { } visible)
        {
            conditions.Add(visible);
        }

        var where = Where(conditions);
        var order = SqlListParts.OrderAndPage(query.Query, RepositoryColumn, "r.creation_time DESC", "r.repository_id DESC");
        return ($"SELECT {RepositoryColumns}{RepositoryFrom}{where}{order};", $"SELECT COUNT(*){RepositoryFrom}{where};", parameters.Values);
    }

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Artifacts(ArtifactListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = new List<string> { $"m.repository = {parameters.Add(query.Repository)}" };
        var filters = query.Query.Filters;
        if (!(filters.TryGetValue(ArtifactFields.Base, out var all) && all is ExactValue { Value: "*" }))
        {
            conditions.Add(TopLevel);
        }

        foreach (var (field, value) in filters)
        {
            var condition = field switch
            {
                ArtifactFields.Tags => TagCondition(value, parameters),
                ArtifactFields.Digest => SqlListParts.Condition("m.digest", value, v => v, parameters),
                ArtifactFields.ManifestMediaType => SqlListParts.Condition("m.media_type", value, v => v, parameters),
                ArtifactFields.MediaType => SqlListParts.Condition(ArtifactMediaType, value, v => v, parameters),
                ArtifactFields.Type => TypeCondition(value, parameters),
                _ => null,
            };
            if (condition is not null)
            {
                conditions.Add(condition);
            }
        }

        var where = Where(conditions);
        var order = SqlListParts.OrderAndPage(query.Query, ArtifactColumn, "m.pushed_at DESC", "m.artifact_id DESC");
        return ($"SELECT {ArtifactColumns}{ArtifactFrom}{where}{order};", $"SELECT COUNT(*) FROM manifests m{where};", parameters.Values);
    }

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Tags(string repository, string digest, ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = new List<string>
        {
            $"t.repository = {parameters.Add(repository)}",
            $"t.digest = {parameters.Add(digest)}",
        };
        foreach (var (_, value) in query.Filters)
        {
            conditions.Add(SqlListParts.Condition("t.name", value, v => v, parameters));
        }

        var where = Where(conditions);
        var order = SqlListParts.OrderAndPage(query, f => f == TagFields.Name ? "t.name" : "t.pushed_at", "t.pushed_at DESC", "t.tag_id DESC");
        return ($"SELECT {TagColumns} FROM tags t{where}{order};", $"SELECT COUNT(*) FROM tags t{where};", parameters.Values);
    }

    private static string TagCondition(QueryValue value, SqlParameters parameters)
    {
        const string Tagged = "EXISTS (SELECT 1 FROM tags t WHERE t.repository = m.repository AND t.digest = m.digest";
        return value switch
        {
            ExactValue { Value: "*" } => Tagged + ")",
            ExactValue { Value: "nil" } => "NOT " + Tagged + ")",
            _ => $"{Tagged} AND {SqlListParts.Condition("t.name", value, v => v, parameters)})",
        };
    }

    private string TypeCondition(QueryValue value, SqlParameters parameters)
    {
        var types = value switch
        {
            ExactValue e => [e.Value],
            OrListValue o => o.Values,
            _ => (IReadOnlyList<string>)[],
        };
        return types.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", types.Select(t => OneType(t.ToUpperInvariant(), parameters))) + ")";
    }

    private string OneType(string type, SqlParameters parameters)
    {
        if (ArtifactTypes.KnownMediaTypes.TryGetValue(type, out var mediaTypes))
        {
            return $"{ArtifactMediaType} IN ({string.Join(", ", mediaTypes.Select(parameters.Add))})";
        }

        var known = ArtifactTypes.KnownMediaTypes.Values.SelectMany(v => v).Select(parameters.Add).ToList();
        var notKnown = $"{ArtifactMediaType} NOT IN ({string.Join(", ", known)})";

        const string Vendor = "application/vnd.%.config.%+json";
        return type == ArtifactTypes.Unknown
            ? $"({notKnown} AND {ArtifactMediaType} NOT LIKE {parameters.Add(Vendor)})"
            : $"({notKnown} AND {ArtifactMediaType} LIKE {parameters.Add("application/vnd.%." + SqlListParts.EscapeLike(type.ToLowerInvariant()) + ".config.%+json")} ESCAPE '\\')";
    }

    private string? Visibility(ProjectVisibility visibility, SqlParameters parameters)
    {
        if (visibility.Everything)
        {
            return null;
        }

        var visible = new List<string>();
        if (visibility.IncludePublic)
        {
            visible.Add($"{publicExpression} = 'true'");
        }

        if (visibility.MemberUserId is { } userId)
        {
            var entities = $"(pm.entity_type = 'u' AND pm.entity_id = {parameters.Add(userId)})";
            if (visibility.MemberGroupIds.Count > 0)
            {
                entities += $" OR (pm.entity_type = 'g' AND pm.entity_id IN ({string.Join(", ", visibility.MemberGroupIds.Select(id => parameters.Add(id)))}))";
            }

            visible.Add($"EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.project_id AND ({entities}))");
        }

        return visible.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", visible) + ")";
    }

    private static string Where(List<string> conditions) => conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);

    private static string RepositoryColumn(string field) => field switch
    {
        RepositoryFields.Name => "r.name",
        RepositoryFields.CreationTime => "r.creation_time",
        RepositoryFields.UpdateTime => "r.update_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a repository sort field"),
    };

    private static string ArtifactColumn(string field) => field switch
    {
        ArtifactFields.PushTime => "m.pushed_at",
        ArtifactFields.Digest => "m.digest",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an artifact sort field"),
    };
}
