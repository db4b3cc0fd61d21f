using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>A registry whose tests store registry endpoints and running executions straight in its own metadata store.</summary>
public sealed class ReplicationPolicyRegistryFactory : RegistryFactory
{
    /// <summary>Stores an endpoint (never contacted: creating a policy does not reach its registries).</summary>
    public async Task<RegistryEndpoint> AddEndpointAsync(string name, string type = RegistryEndpointTypes.DockerRegistry)
    {
        var now = DateTimeOffset.UtcNow;
        var endpoint = new RegistryEndpoint(0, name, type, "http://127.0.0.1:9", string.Empty, false, RegistryCredentialTypes.Basic, null, false, "unknown", now, now);
        var saved = await Services.GetRequiredService<IRegistryEndpointMetadata>().TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint, string.Empty), CancellationToken.None);
        return saved.Endpoint ?? throw new InvalidOperationException($"Endpoint {name} was not stored: {saved.Outcome}.");
    }

    /// <summary>Stores an execution of the policy that has not ended, with one task, and returns the execution's id.</summary>
    public async Task<long> MarkRunningAsync(long policyId)
    {
        var store = Services.GetRequiredService<IReplicationExecutionMetadata>();
        var id = await store.CreateReplicationExecutionAsync(
            policyId, ReplicationTriggers.Manual, new ReplicationRoute(null, 1, true, 0, false), DateTimeOffset.UtcNow, CancellationToken.None);
        var item = new ReplicationItem(ReplicationOperation.Copy, "image", "library/app", "sha256:" + new string('e', 64), ["v1"], "mirror/app");
        await store.AddReplicationTasksAsync(id, 1, [item], DateTimeOffset.UtcNow, CancellationToken.None);
        return id;
    }
}
