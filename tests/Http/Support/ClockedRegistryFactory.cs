using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>A registry whose gateway and silo read the time from <see cref="Clock"/>, for expiry tests without sleeping.</summary>
public sealed class ClockedRegistryFactory : RegistryFactory
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.UseManualClock(Clock));
    }
}
