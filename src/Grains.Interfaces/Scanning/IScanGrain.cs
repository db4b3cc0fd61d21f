namespace ArtifactKeeper.Scanning;

/// <summary>Harbor's scan job states; the names are the API's <c>scan_status</c> values.</summary>
public enum ScanStatus
{
    Pending,
    Running,
    Success,
    Error,
    Stopped,
}

/// <summary>
/// Ask for a scan of an artifact in <see cref="Repository"/> ("project/name"). <see cref="ScannerId"/> names a
/// scanner registration (null: the project's scanner, else the default). <see cref="Force"/> rescans even when
/// a report for the current database version exists.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScanRequest(string Repository, string MediaType, string? ScannerId, bool Force, string? RequestedBy);

/// <summary>One scan of an artifact by one scanner: its report id, state and times; <see cref="Error"/> when it failed.</summary>
[GenerateSerializer, Immutable]
public sealed record ScanState(
    string ReportId,
    string Digest,
    ScanStatus Status,
    ScannerIdentity Scanner,
    string? DatabaseVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Error);

/// <summary>A scan's state and, once it succeeded, its report.</summary>
[GenerateSerializer, Immutable]
public sealed record ScanResult(ScanState State, VulnerabilityReport? Report);

/// <summary>
/// The scans of one artifact, keyed by its digest: one current scan per scanner, reports cached per
/// (digest, scanner, database version).
/// </summary>
[Alias("scan.artifact")]
public interface IScanGrain : IGrainWithStringKey
{
    /// <summary>Starts a scan (or returns the running or cached one) and answers at once.</summary>
    [Alias("request")]
    Task<ScanState> RequestAsync(ScanRequest request);

    /// <summary>The newest scan by <paramref name="scannerId"/> (null: by any scanner), or null when never scanned.</summary>
    [Alias("latest")]
    Task<ScanResult?> GetLatestAsync(string? scannerId);

    /// <summary>The state of the newest scan by <paramref name="scannerId"/> (null: any scanner) without its report, or null (cheap: for the pull gate).</summary>
    [Alias("latest-state")]
    Task<ScanState?> GetLatestStateAsync(string? scannerId);

    /// <summary>Stops a pending or running scan; a finished one is left as it is.</summary>
    [Alias("stop")]
    Task StopAsync();

    /// <summary>The state of scan <paramref name="reportId"/> of this artifact without its report, or null (cheap: for pollers such as scan-all).</summary>
    [Alias("state")]
    Task<ScanState?> GetStateAsync(string reportId);
}
