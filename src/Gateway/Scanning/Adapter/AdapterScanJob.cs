namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>One scan request the adapter server accepted, and, once finished, its report or error.</summary>
public sealed class AdapterScanJob(string id, AdapterScanRequest request, DateTimeOffset acceptedAt)
{
    private volatile Outcome? _outcome;

    public string Id { get; } = id;

    public AdapterScanRequest Request { get; } = request;

    public DateTimeOffset AcceptedAt { get; } = acceptedAt;

    public bool IsFinished => _outcome is not null;

    public VulnerabilityReport? Report => _outcome?.Report;

    /// <summary>Why the scan failed (null while running or after success); safe to show to the caller.</summary>
    public string? Error => _outcome?.Error;

    public DateTimeOffset? FinishedAt => _outcome?.At;

    public void Succeed(VulnerabilityReport report, DateTimeOffset at) => _outcome = new Outcome(report, null, at);

    public void Fail(string error, DateTimeOffset at) => _outcome = new Outcome(null, error, at);

    private sealed record Outcome(VulnerabilityReport? Report, string? Error, DateTimeOffset At);
}
