using ArtifactKeeper.Storage.Metadata;
using Orleans.Concurrency;

namespace ArtifactKeeper.Audit;

/// <summary>
/// Writes and reads the audit log through the metadata store. Holds no state, so it runs as a local
/// stateless worker on whichever silo the caller reaches: no single activation becomes the bottleneck.
/// </summary>
[GrainType("audit-log")]
[StatelessWorker]
public sealed class AuditLogGrain(IAuditMetadata store) : Grain, IAuditLogGrain
{
    public Task AppendAsync(IReadOnlyList<AuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return store.AppendAuditEventsAsync(events, CancellationToken.None);
    }

    public Task<AuditLogPage> ListAsync(AuditLogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.ListAuditLogsAsync(query, CancellationToken.None);
    }

    public Task<long> PurgeAsync(DateTimeOffset before) => store.PurgeAuditLogsAsync(before, CancellationToken.None);
}
