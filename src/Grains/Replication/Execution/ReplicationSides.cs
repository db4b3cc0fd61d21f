using System.Globalization;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// Opens both sides of a route for a task of an execution: this registry (the keyed <see cref="IOciRegistry"/> service
/// <see cref="LocalRegistryKey"/>, i.e. the copier's LocalOciRegistry) where the route names none, the stored endpoint
/// otherwise, as the execution's tasks share it (<see cref="ExecutionEndpoints"/>).
/// </summary>
public sealed class ReplicationSides(IOciRegistry local, ExecutionEndpoints remotes)
{
    /// <summary>The service key under which this registry is registered as an <see cref="IOciRegistry"/>.</summary>
    public const string LocalRegistryKey = "replication-local";

    public async Task<(IOciRegistry Source, IOciRegistry Destination)> OpenAsync(ReplicationRoute route, long executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return (await OpenAsync(route.SourceRegistryId, executionId, cancellationToken), await OpenAsync(route.DestinationRegistryId, executionId, cancellationToken));
    }

    private async Task<IOciRegistry> OpenAsync(long? registryId, long executionId, CancellationToken cancellationToken)
    {
        if (registryId is not { } id)
        {
            return local;
        }

        // An endpoint deleted after the policy started will not come back: no point retrying.
        return await remotes.OpenAsync(executionId, id, cancellationToken)
            ?? throw new OciRegistryException(
                string.Create(CultureInfo.InvariantCulture, $"registry endpoint {id} no longer exists"), null, transient: false);
    }
}
