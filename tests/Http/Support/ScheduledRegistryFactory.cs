using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>A registry on <see cref="Clock"/> whose scheduler looks at that clock every 100 ms, so schedules fire when a test moves it.</summary>
public sealed class ScheduledRegistryFactory : RegistryFactory
{
    public ManualClock Clock { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("ArtifactKeeper:Scheduler:CheckInterval", "00:00:00.100")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.UseManualClock(Clock));
    }
}
