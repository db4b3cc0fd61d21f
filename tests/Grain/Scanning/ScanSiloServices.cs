using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Grain.Scanning;

/// <summary>Scanning as a test silo runs it: the production registration with the test database and resolver.</summary>
public static class ScanSiloServices
{
    public static IServiceCollection AddTestScanning(this IServiceCollection services)
    {
        services.AddSingleton<TestDatabaseProvider>();
        services.AddSingleton<IVulnerabilityDatabaseProvider>(sp => sp.GetRequiredService<TestDatabaseProvider>());
        services.AddSingleton(sp => new ProjectScannerResolver(sp.GetRequiredService<BuiltInScanner>()));
        services.AddSingleton<IScannerResolver>(sp => sp.GetRequiredService<ProjectScannerResolver>());
        services.AddScanning();
        return services;
    }
}
