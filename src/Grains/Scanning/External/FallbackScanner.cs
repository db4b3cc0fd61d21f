using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// An external scanner that falls back to the built-in one when it is unavailable (down, 5xx, timed out): the
/// warning names the scanner and the reason, and the built-in report is returned. A scan the external scanner
/// refused or failed (<see cref="ScanFailedException"/>) is not retried elsewhere.
/// </summary>
public sealed partial class FallbackScanner(IVulnerabilityScanner external, IVulnerabilityScanner builtIn, ILogger<FallbackScanner> logger) : IVulnerabilityScanner
{
    public ScannerIdentity Identity => external.Identity;

    public async Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        try
        {
            return await external.ScanAsync(subject, cancellationToken);
        }
        catch (ScannerUnavailableException e)
        {
            LogFallback(logger, external.Identity.Name, subject.Repository, subject.Digest, e.Message);
            return await builtIn.ScanAsync(subject, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanner {Scanner} is unavailable for {Repository}@{Digest}, scanning with the built-in scanner instead: {Reason}")]
    private static partial void LogFallback(ILogger logger, string scanner, string repository, string digest, string reason);
}
