namespace ArtifactKeeper.Audit;

/// <summary>
/// The audit log's door to the metadata store, on the silo: gateways in cluster mode hold no store of
/// their own. Stateless, so each silo runs as many activations as the load needs; use key 0.
/// </summary>
[Alias("audit.log")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the events in one transaction.</summary>
    [Alias("append")]
    Task AppendAsync(IReadOnlyList<AuditEvent> events);

    [Alias("list")]
    Task<AuditLogPage> ListAsync(AuditLogQuery query);

    /// <summary>Deletes records older than <paramref name="before"/>; returns how many.</summary>
    [Alias("purge")]
    Task<long> PurgeAsync(DateTimeOffset before);
}
