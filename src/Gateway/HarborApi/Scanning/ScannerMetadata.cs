using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;
using ArtifactKeeper.Scanning.Trivy;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// A registration's adapter metadata: asked of an adapter, described for a Trivy binary (which has no metadata call;
/// the file must exist) and for the built-in scanner.
/// </summary>
public static class ScannerMetadata
{
    public static AdapterMetadata BuiltIn(IAdapterScanEngine? engine) => Describe(engine?.Identity ?? ScannerIdentity.BuiltIn);

    public static async Task<(AdapterMetadata? Metadata, string? Error)> ReadAsync(
        ExternalScanners scanners, Uri url, string? auth, string? credential, bool skipCertVerify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanners);
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme == ExternalScanners.TrivyCliScheme)
        {
            if (TrivyCliTarget.Parse(url, out var error) is not { } target)
            {
                return (null, error);
            }

            return File.Exists(target.Executable) ? (Describe(TrivyReportParser.DefaultIdentity), null) : (null, $"the Trivy binary {target.Executable} does not exist");
        }

        try
        {
            return (await scanners.AdapterClient(url, auth, credential, skipCertVerify).GetMetadataAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is ScannerUnavailableException or ScanFailedException)
        {
            return (null, e.Message);
        }
    }

    private static AdapterMetadata Describe(ScannerIdentity identity) =>
        new()
        {
            Scanner = AdapterScanner.From(identity),
            Capabilities =
            [
                new AdapterCapability
                {
                    Type = "vulnerability",
                    ConsumesMimeTypes = [AdapterMimeTypes.OciManifest, AdapterMimeTypes.DockerManifest],
                    ProducesMimeTypes = AdapterMimeTypes.ReportTypes,
                },
            ],
        };
}
