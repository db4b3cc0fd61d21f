using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>The audit log (Harbor's <c>audit_log</c>); written in batches by the audit log grain.</summary>
public interface IAuditMetadata
{
    /// <summary>Stores every event in one transaction; ids follow the list's order.</summary>
    Task AppendAuditEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    /// <summary>One page of the records the query selects, sorted (newest first unless asked otherwise), and the total.</summary>
    Task<AuditLogPage> ListAuditLogsAsync(AuditLogQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes records with an <c>op_time</c> before <paramref name="before"/>; returns how many.</summary>
    Task<long> PurgeAuditLogsAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
