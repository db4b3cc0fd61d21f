namespace ArtifactKeeper.Scanning;

/// <summary>
/// A scanner that can say, before scanning, which database version its report would be made against, so the scan
/// grain can answer a cached report for that version instead of scanning again. A scanner without it always scans.
/// </summary>
public interface IScannerDatabaseVersion
{
    Task<string?> GetDatabaseVersionAsync(CancellationToken cancellationToken);
}
