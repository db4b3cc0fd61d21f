using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>Policies and executions the replication tests set up through the store and the grains.</summary>
public static class ReplicationRuns
{
    /// <summary>A fresh name part, so tests sharing a registry never list each other's repositories.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Copies <paramref name="image"/> to <paramref name="repository"/> at <paramref name="destination"/> through an execution that must succeed.</summary>
    public static async Task MirrorAsync(
        IClusterClient client, IReplicationExecutionMetadata store, ReplicationDestination destination, TestImage image, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(image);
        var id = await store.CreateReplicationExecutionAsync(0, ReplicationTriggers.Manual, destination.Push(), DateTimeOffset.UtcNow, cancellationToken);
        var grain = client.GetGrain<IReplicationExecutionGrain>(id);
        await grain.AddTasksAsync([image.CopyTo(repository)]);
        await grain.EndPlanningAsync(null);
        var ended = await ReplicationSilo.WaitForAsync(
            async () => (await store.GetReplicationExecutionAsync(id, cancellationToken))!, e => e.Status != ReplicationStatuses.InProgress, cancellationToken);
        Assert.Equal(ReplicationStatuses.Succeed, ended.Status);
    }

    /// <summary>
    /// Stores an enabled manual policy copying the repositories matching <paramref name="namePattern"/> (with a kept
    /// first path component replaced by <paramref name="destinationNamespace"/>) between the two sides (null: this registry).
    /// </summary>
    public static async Task<ReplicationPolicy> CreatePolicyAsync(
        IReplicationPolicyMetadata store, long? sourceRegistryId, long? destinationRegistryId, string namePattern, string destinationNamespace,
        CancellationToken cancellationToken, ReplicationTrigger? trigger = null, bool replicateDeletion = false, bool enabled = true,
        bool singleActive = false, IReadOnlyList<ReplicationFilter>? moreFilters = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = DateTimeOffset.UtcNow;
        var policy = new ReplicationPolicy(
            0, UniqueName("policy-"), string.Empty, "admin", sourceRegistryId, destinationRegistryId, destinationNamespace, 1,
            [ReplicationFilter.Name(namePattern), .. moreFilters ?? []], trigger ?? ReplicationTrigger.Manual, replicateDeletion, true, enabled, 0, false,
            singleActive, now, now);
        return await store.TryCreateReplicationPolicyAsync(policy, cancellationToken) ?? throw new InvalidOperationException("policy name taken");
    }
}
