namespace ArtifactKeeper.Replication.Execution;

/// <summary>Which transfer queue a route's tasks go to: the remote side's registry endpoint id.</summary>
public static class ReplicationTargets
{
    public static long KeyOf(ReplicationRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.DestinationRegistryId ?? route.SourceRegistryId
            ?? throw new ArgumentException("a replication route needs a remote registry on one side", nameof(route));
    }
}
