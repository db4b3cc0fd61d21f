using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Grain.Scheduling;

/// <summary>The scheduler as a test silo runs it: production registration, the recording job kind, and a short check interval.</summary>
public static class SchedulerSiloServices
{
    /// <summary>How often the scheduler looks at the (manual) clock in tests.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    public static IServiceCollection AddTestScheduler(this IServiceCollection services)
    {
        services.AddScheduler();
        services.AddScheduledJob(RecordingJobGrain.Kind, (grains, key) => grains.GetGrain<IRecordingJobGrain>(key));
        services.Configure<SchedulerOptions>(options => options.CheckInterval = CheckInterval);
        return services;
    }
}
