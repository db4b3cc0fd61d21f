using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Registry endpoints (Harbor's <c>registry</c> table), their credential secret kept sealed
/// (<see cref="Replication.RegistryCredentialProtector"/>). Names are unique.
/// </summary>
public interface IRegistryEndpointMetadata
{
    /// <summary>The endpoint with this id and its sealed secret (empty when none), or null.</summary>
    Task<RegistryEndpointRecord?> GetRegistryEndpointAsync(long id, CancellationToken cancellationToken);

    /// <summary>The endpoint with this exact name and its sealed secret, or null.</summary>
    Task<RegistryEndpointRecord?> FindRegistryEndpointAsync(string name, CancellationToken cancellationToken);

    /// <summary>One page of endpoints matching filters on <see cref="RegistryEndpointFields"/>, sorted (by id when unsorted), and the total.</summary>
    Task<ListPage<RegistryEndpoint>> ListRegistryEndpointsAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new endpoint: every field of the record but its id (assigned here), <see cref="RegistryEndpoint.HasSecret"/>
    /// (read from <see cref="RegistryEndpointRecord.SealedSecret"/>) and the last ping time (none yet). Duplicate when the
    /// name is taken.
    /// </summary>
    Task<RegistryEndpointSave> TryCreateRegistryEndpointAsync(RegistryEndpointRecord endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces name, type, url, description, insecure, credential, status and update time of the endpoint with
    /// <see cref="RegistryEndpoint.Id"/>; the creation and last ping times stay. NotFound or Duplicate (name taken by another).
    /// </summary>
    Task<RegistryEndpointSave> TryUpdateRegistryEndpointAsync(RegistryEndpointRecord endpoint, CancellationToken cancellationToken);

    /// <summary>Deletes the endpoint; false when there was none. Whether anything still uses it is the caller's check.</summary>
    Task<bool> DeleteRegistryEndpointAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a ping's outcome (<c>healthy</c>, <c>unhealthy</c>) and when it ran; the update time stays. False when there is no such endpoint.</summary>
    Task<bool> SetRegistryEndpointStatusAsync(long id, string status, DateTimeOffset pingedAt, CancellationToken cancellationToken);
}

/// <summary>A stored endpoint and its credential secret as sealed for the store.</summary>
public sealed record RegistryEndpointRecord(RegistryEndpoint Endpoint, string SealedSecret)
{
    /// <summary>When the endpoint was last pinged (its status is that ping's outcome), or null when never.</summary>
    public DateTimeOffset? LastPingTime { get; init; }

    public override string ToString() => $"RegistryEndpointRecord {{ Endpoint = {Endpoint}, LastPingTime = {LastPingTime} }}";
}

/// <summary>What a create or update of an endpoint did, and the endpoint as stored when it changed.</summary>
public sealed record RegistryEndpointSave(RegistryEndpointChange Outcome, RegistryEndpoint? Endpoint);

public enum RegistryEndpointChange
{
    Changed = 0,
    NotFound,
    Duplicate,
}
