using ArtifactKeeper.Scanning.Gateway;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>Registers and maps the gateway side of scanning: the Harbor scan and scan-all API, and scan on push.</summary>
public static class ScanServices
{
    public static IServiceCollection AddHarborScanning(this IServiceCollection services)
    {
        services.AddSingleton<AutoScanOnPush>();
        return services;
    }

    public static RouteGroupBuilder MapHarborScanning(this RouteGroupBuilder api) => api.MapScanApi().MapScanAllApi();
}
