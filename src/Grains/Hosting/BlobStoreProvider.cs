namespace ArtifactKeeper.Hosting;

/// <summary>Where blobs are kept (<c>ArtifactKeeper:Blobs:Provider</c>).</summary>
public enum BlobStoreProvider
{
    /// <summary>A directory (embedded mode, or a file system every process mounts).</summary>
    FileSystem,

    /// <summary>An S3 bucket (cluster mode).</summary>
    S3,
}
