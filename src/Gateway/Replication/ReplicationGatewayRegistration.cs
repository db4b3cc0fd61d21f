using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Replication.Gateway;

/// <summary>Registers the gateway's replication-policy services.</summary>
public static class ReplicationGatewayRegistration
{
    /// <summary>The push and delete hook, and policies as users of registry endpoints (for the registries API).</summary>
    public static IServiceCollection AddReplicationPolicyGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ReplicationEventTrigger>();
        return services.AddReplicationPolicyUsage();
    }
}
