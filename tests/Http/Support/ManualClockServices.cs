using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Http.Support;

public static class ManualClockServices
{
    /// <summary>
    /// Makes <paramref name="clock"/> the registry's time while the co-hosted silo's membership, messaging and timers
    /// stay on real time: on a manual clock they stall or judge a live silo stale once a test moves time forward.
    /// </summary>
    public static IServiceCollection UseManualClock(this IServiceCollection services, ManualClock clock)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        return services;
    }
}
