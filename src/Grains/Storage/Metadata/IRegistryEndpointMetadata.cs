using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Registry endpoints (Harbor's <c>registry</c> table), their credential secret kept sealed
/// (<see cref="Replication.RegistryCredentialProtector"/>). Names are unique.
/// </summary>
public interface IRegistryEndpointMetadata
{
    /// <summary>The endpoint with this id and its sealed secret (empty when none), or null.</summary>
    Task<RegistryEndpointRecord?> GetRegistryEndpointAsync(long id, CancellationToken cancellationToken);

    // The endpoints helper adds list, create, update, delete and status updates here.
}

/// <summary>A stored endpoint and its credential secret as sealed for the store.</summary>
public sealed record RegistryEndpointRecord(RegistryEndpoint Endpoint, string SealedSecret)
{
    public override string ToString() => $"RegistryEndpointRecord {{ Endpoint = {Endpoint} }}";
}
