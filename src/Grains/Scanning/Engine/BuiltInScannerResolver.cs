namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// The resolver while no scanner registrations exist: every scan uses the built-in scanner. The scanner-registration
/// feature replaces this registration (see <c>ScanningRegistration</c>) with one that knows registrations.
/// </summary>
public sealed class BuiltInScannerResolver(BuiltInScanner builtIn) : IScannerResolver
{
    public Task<IVulnerabilityScanner> ResolveAsync(string project, string? scannerId, CancellationToken cancellationToken) =>
        Task.FromResult<IVulnerabilityScanner>(builtIn);
}
