using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>The replication policy fields a listing may filter and sort on, as Harbor names them.</summary>
public static class ReplicationPolicyFields
{
    public const string Id = "id", Name = "name", Description = "description", SourceRegistryId = "src_registry_id", DestinationRegistryId = "dest_registry_id",
        CreationTime = "creation_time", UpdateTime = "update_time";

    public static readonly IReadOnlySet<string> Filterable =
        new HashSet<string>([Id, Name, Description, SourceRegistryId, DestinationRegistryId], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([Id, Name, CreationTime, UpdateTime], StringComparer.Ordinal);

    /// <summary>Null when every filter can be applied; else why not.</summary>
    public static string? Validate(IReadOnlyDictionary<string, QueryValue> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (field, value) in filters)
        {
            if (IsInteger(field) && (value is FuzzyValue || !Values(value).All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))))
            {
                return $"{field} takes integers (exact, range or list)";
            }
        }

        return null;
    }

    internal static bool IsInteger(string field) => field is Id or SourceRegistryId or DestinationRegistryId;

    private static IEnumerable<string> Values(QueryValue value) => value switch
    {
        ExactValue e => [e.Value],
        FuzzyValue f => [f.Value],
        RangeValue r => new[] { r.Min, r.Max }.OfType<string>(),
        OrListValue o => o.Values,
        AndListValue a => a.Values,
        _ => [],
    };
}

/// <summary>
/// Turns a policy <see cref="ListQuery"/> into SQL over <c>replication_policies</c> (aliased <c>p</c>) for both
/// backends, which differ only in the parameter prefix. Filters were checked by <see cref="ReplicationPolicyFields.Validate"/>.
/// </summary>
public sealed class ReplicationPolicyListSql(char parameterPrefix)
{
    /// <summary>The columns a policy is read from, unqualified (for RETURNING).</summary>
    public const string BareColumns =
        "id, name, description, creator, src_registry_id, dest_registry_id, dest_namespace, dest_namespace_replace_count, " +
        "filters_json, trigger_json, replicate_deletion, override, enabled, speed_kb, copy_by_chunk, single_active_replication, " +
        "creation_time, update_time";

    /// <summary>The same columns of the table aliased <c>p</c>.</summary>
    public const string Columns =
        "p.id, p.name, p.description, p.creator, p.src_registry_id, p.dest_registry_id, p.dest_namespace, p.dest_namespace_replace_count, " +
        "p.filters_json, p.trigger_json, p.replicate_deletion, p.override, p.enabled, p.speed_kb, p.copy_by_chunk, p.single_active_replication, " +
        "p.creation_time, p.update_time";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => SqlListParts.Condition(Column(f.Key), f.Value, v => Typed(f.Key, v), parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query, Column, "p.id ASC", "p.id ASC");
        return ($"SELECT {Columns} FROM replication_policies p{where}{orderAndPage};", $"SELECT COUNT(*) FROM replication_policies p{where};", parameters.Values);
    }

    private static object Typed(string field, string value) =>
        ReplicationPolicyFields.IsInteger(field) ? long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : value;

    private static string Column(string field) => field switch
    {
        ReplicationPolicyFields.Id => "p.id",
        ReplicationPolicyFields.Name => "p.name",
        ReplicationPolicyFields.Description => "p.description",
        ReplicationPolicyFields.SourceRegistryId => "COALESCE(p.src_registry_id, 0)",
        ReplicationPolicyFields.DestinationRegistryId => "COALESCE(p.dest_registry_id, 0)",
        ReplicationPolicyFields.CreationTime => "p.creation_time",
        ReplicationPolicyFields.UpdateTime => "p.update_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a replication policy field"),
    };
}
