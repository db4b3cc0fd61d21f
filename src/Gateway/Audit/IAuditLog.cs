using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Audit;

/// <summary>
/// Where a feature reports what happened. <see cref="Record"/> never waits and never throws: the event is
/// queued and written later in a batch, or dropped and counted when the queue is full.
/// </summary>
public interface IAuditLog
{
    /// <summary>False when <c>ArtifactKeeper:Audit:Enabled</c> is off; skip work that only feeds the log.</summary>
    bool IsEnabled { get; }

    void Record(AuditEvent auditEvent);
}
