using ArtifactKeeper.Gc;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.Scheduling;

/// <summary>Registers the scheduler on a silo and the job kinds it fires.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The scheduler: its options (<see cref="SchedulerOptions.Section"/>), its dispatch, the start-up service that
    /// activates the singleton on every silo once it has started, and the job kinds this code base has.
    /// </summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section);
        services.TryAddSingleton<ScheduledJobDispatch>();
        services.AddHostedService<SchedulerStarter>();
        services.AddScheduledJob(IGcGrain.JobKind, (grains, key) => grains.GetGrain<IGcGrain>(key));
        services.AddScheduledJob(IRetentionPolicyGrain.JobKind, (grains, key) => grains.GetGrain<IRetentionPolicyGrain>(key));
        return services;
    }

    /// <summary>Lets schedules of <paramref name="kind"/> fire the grain <paramref name="resolve"/> answers for a job key.</summary>
    public static IServiceCollection AddScheduledJob(this IServiceCollection services, string kind, Func<IGrainFactory, string, IScheduledJobGrain> resolve)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(resolve);
        services.AddSingleton(new ScheduledJobRegistration(kind, resolve));
        return services;
    }
}
