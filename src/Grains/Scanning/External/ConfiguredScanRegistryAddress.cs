using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.External;

/// <summary>The registry URL an external scanner reaches, as configured; a silo without a gateway knows no other.</summary>
public sealed class ConfiguredScanRegistryAddress(IOptions<ExternalScannerOptions> options) : IScanRegistryAddress
{
    public Uri? RegistryUrl =>
        options.Value.RegistryUrl is { Length: > 0 } configured ? new Uri(configured) : null;
}
