namespace ArtifactKeeper.Hosting;

/// <summary>How the processes of a deployment are arranged (DESIGN.md §2).</summary>
public enum DeploymentMode
{
    /// <summary>One process: the gateway co-hosts a silo with SQLite and filesystem blobs under the data path.</summary>
    Embedded,

    /// <summary>Silos cluster over PostgreSQL; gateways are stateless Orleans clients of them.</summary>
    Cluster,
}
