using System.Globalization;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// Opens both sides of a route: this registry (the keyed <see cref="IOciRegistry"/> service <see cref="LocalRegistryKey"/>,
/// i.e. the copier's LocalOciRegistry) where the route names none, the stored endpoint otherwise.
/// </summary>
public sealed class ReplicationSides(IOciRegistry local, IRemoteRegistryFactory remotes)
{
    /// <summary>The service key under which this registry is registered as an <see cref="IOciRegistry"/>.</summary>
    public const string LocalRegistryKey = "replication-local";

    public async Task<(IOciRegistry Source, IOciRegistry Destination)> OpenAsync(ReplicationRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return (await OpenAsync(route.SourceRegistryId, cancellationToken), await OpenAsync(route.DestinationRegistryId, cancellationToken));
    }

    private async Task<IOciRegistry> OpenAsync(long? registryId, CancellationToken cancellationToken)
    {
        if (registryId is not { } id)
        {
            return local;
        }

        // An endpoint deleted after the policy started will not come back: no point retrying.
        return await remotes.OpenAsync(id, cancellationToken)
            ?? throw new OciRegistryException(
                string.Create(CultureInfo.InvariantCulture, $"registry endpoint {id} no longer exists"), null, transient: false);
    }
}
