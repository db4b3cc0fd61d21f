using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// Chooses the scanner of a scan: the named registration, else the project's, else the default one. The built-in
/// scanner is the keyed service <see cref="BuiltInKey"/> (registered by the scan engine); an external scanner is
/// wrapped in a <see cref="FallbackScanner"/> over it, so an unavailable external scanner never leaves an artifact
/// unscanned. An unknown or disabled registration fails the scan.
/// </summary>
public sealed class ScannerResolver(
    IScannerRegistrationMetadata registrations,
    IGrainFactory grains,
    ExternalScanners scanners,
    ScannerCredentialProtector protector,
    IServiceProvider services,
    ILoggerFactory loggers) : IScannerResolver
{
    public const string BuiltInKey = "builtin";

    public async Task<IVulnerabilityScanner> ResolveAsync(string project, string? scannerId, CancellationToken cancellationToken)
    {
        var registration = await FindAsync(project, scannerId, cancellationToken);
        if (registration.Disabled)
        {
            throw new ScanFailedException($"scanner {registration.Name} is disabled");
        }

        var builtIn = services.GetKeyedService<IVulnerabilityScanner>(BuiltInKey);
        if (registration.IsBuiltIn)
        {
            return builtIn ?? throw new ScannerUnavailableException("the built-in scanner is not configured");
        }

        var credential = await protector.UnprotectAsync(registration.AccessCredential, registration.Uuid, cancellationToken)
                         ?? throw new ScanFailedException($"the credential of scanner {registration.Name} cannot be read");
        var external = scanners.Create(registration, credential);
        return builtIn is null ? external : new FallbackScanner(external, builtIn, loggers.CreateLogger<FallbackScanner>());
    }

    private async Task<ScannerRegistrationRecord> FindAsync(string project, string? scannerId, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(scannerId))
        {
            return await registrations.GetScannerRegistrationAsync(scannerId, cancellationToken)
                   ?? throw new ScanFailedException($"scanner registration {scannerId} not found");
        }

        if (await grains.GetGrain<IProjectGrain>(project).GetAsync() is { } info &&
            await registrations.GetProjectScannerAsync(info.ProjectId, cancellationToken) is { } bound &&
            await registrations.GetScannerRegistrationAsync(bound, cancellationToken) is { } projectScanner)
        {
            return projectScanner;
        }

        var all = await registrations.ListScannerRegistrationsAsync(cancellationToken);
        return all.FirstOrDefault(r => r.IsDefault) ?? all.First(r => r.IsBuiltIn);
    }
}
