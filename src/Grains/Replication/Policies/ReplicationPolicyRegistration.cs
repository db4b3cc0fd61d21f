using ArtifactKeeper.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>Registers replication policies' services.</summary>
public static class ReplicationPolicyRegistration
{
    /// <summary>
    /// Silo side: the policy grain's source factory and the scheduler's <c>replication</c> job kind, plus
    /// <see cref="AddReplicationPolicyUsage"/>.
    /// </summary>
    public static IServiceCollection AddReplicationPolicies(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ReplicationSourceFactory>();
        services.AddScheduledJob(IReplicationPolicyGrain.JobKind, (grains, key) => grains.GetGrain<IReplicationPolicyGrain>(key));
        return services.AddReplicationPolicyUsage();
    }

    /// <summary>Both sides (the registries API asks it before deleting an endpoint): policies as endpoint users.</summary>
    public static IServiceCollection AddReplicationPolicyUsage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRegistryEndpointUsage, ReplicationPolicyEndpointUsage>());
        return services;
    }
}
