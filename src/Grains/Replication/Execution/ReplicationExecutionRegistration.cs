using ArtifactKeeper.Hosting;
using ArtifactKeeper.Replication.Transfer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Execution;

public static class ReplicationExecutionRegistration
{
    /// <summary>
    /// Silo side of executions and transfer queues: <see cref="ReplicationOptions"/> (validated at start-up), the task
    /// runner and the resumer. Expects <see cref="IArtifactCopier"/>, <see cref="IRemoteRegistryFactory"/>
    /// and this registry as the keyed <see cref="IOciRegistry"/> <see cref="ReplicationSides.LocalRegistryKey"/>.
    /// </summary>
    public static IServiceCollection AddReplicationExecutions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSelfValidatingOptions<ReplicationOptions>(ReplicationOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        // Factories, not constructors: the copier, the remote registries and the local registry are other pieces'
        // registrations, needed when the first task runs, not to build the host.
        services.TryAddSingleton(sp => new ExecutionEndpoints(sp.GetRequiredService<IRemoteRegistryFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ReplicationSides(
            sp.GetRequiredKeyedService<IOciRegistry>(ReplicationSides.LocalRegistryKey), sp.GetRequiredService<ExecutionEndpoints>()));
        services.TryAddSingleton(sp => new ReplicationTaskRunner(
            sp.GetRequiredService<ReplicationSides>(), sp.GetRequiredService<IArtifactCopier>(), sp.GetRequiredService<IOptions<ReplicationOptions>>()));
        services.AddHostedService<ReplicationQueueResumer>();
        return services;
    }
}
