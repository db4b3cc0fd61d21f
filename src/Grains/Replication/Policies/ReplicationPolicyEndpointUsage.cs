using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>Replication policies as users of registry endpoints: an endpoint a policy replicates from or to stays.</summary>
public sealed class ReplicationPolicyEndpointUsage(IReplicationPolicyMetadata policies) : IRegistryEndpointUsage
{
    public async Task<string?> FindUseAsync(long registryId, CancellationToken cancellationToken)
    {
        var using_ = await policies.ListReplicationPoliciesOfRegistryAsync(registryId, cancellationToken);
        return using_.Count switch
        {
            0 => null,
            1 => $"replication policy '{using_[0].Name}'",
            _ => $"replication policies {string.Join(", ", using_.Select(p => $"'{p.Name}'"))}",
        };
    }
}
