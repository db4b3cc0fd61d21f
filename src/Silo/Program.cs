using ArtifactKeeper.Health;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper;

/// <summary>
/// A silo without the HTTP gateway: cluster mode runs several of these behind stateless gateways. It
/// serves only the probes, on <c>ArtifactKeeper:Silo:HealthUrls</c>. (A named class rather than top-level
/// statements, so the gateway's <c>Program</c> stays the only one tests see.)
/// </summary>
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddArtifactKeeperSilo();
        builder.Services.AddSingleton<ComponentHealth>();
        builder.WebHost.UseUrls((builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions()).HealthUrls);

        var app = builder.Build();
        app.MapProbes();
        await app.RunAsync();
    }
}
