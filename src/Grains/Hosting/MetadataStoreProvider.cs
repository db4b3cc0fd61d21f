namespace ArtifactKeeper.Hosting;

/// <summary>Which database holds the metadata (<c>ArtifactKeeper:Metadata:Provider</c>).</summary>
public enum MetadataStoreProvider
{
    /// <summary>One SQLite file under the data path: embedded mode, one silo.</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL database shared by every silo and gateway: cluster mode.</summary>
    PostgreSql = 1,
}
