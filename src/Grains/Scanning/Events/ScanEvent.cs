namespace ArtifactKeeper.Scanning.Events;

/// <summary>
/// A scan finished: what Harbor's SCANNING_COMPLETED, SCANNING_FAILED and SCANNING_STOPPED webhooks carry (operator,
/// repository, digest, the scan's overview figures), for a later webhook feature to deliver.
/// </summary>
public sealed record ScanEvent(
    string Type,
    DateTimeOffset OccurredAt,
    string? Operator,
    string Repository,
    string Digest,
    string ReportId,
    ScannerIdentity Scanner,
    ScanStatus Status,
    VulnerabilitySeverity? Severity,
    int? Total,
    int? Fixable,
    string? Error)
{
    public const string Completed = "SCANNING_COMPLETED", Failed = "SCANNING_FAILED", Stopped = "SCANNING_STOPPED";

    /// <summary>The project part of <see cref="Repository"/> (Harbor's <c>namespace</c>).</summary>
    public string Namespace => Repository.Split('/', 2)[0];
}

/// <summary>Where scan events go. Subscribers must return quickly; a failing one is logged and does not fail the scan.</summary>
public interface IScanEventSink
{
    Task PublishAsync(ScanEvent scanEvent);
}
