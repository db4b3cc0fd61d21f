namespace ArtifactKeeper.Hosting;

/// <summary>The blob store (<c>ArtifactKeeper:Blobs</c>); validated on start by <see cref="BlobStoreOptionsValidator"/>.</summary>
public sealed class BlobStoreOptions
{
    public const string Section = "ArtifactKeeper:Blobs";

    public BlobStoreProvider Provider { get; set; } = BlobStoreProvider.FileSystem;

    /// <summary>Root directory of the file-system store; unset means <see cref="ArtifactKeeperOptions.DataPath"/>.</summary>
    public string? Path { get; set; }

    /// <summary>Settings of the S3 store (<c>ArtifactKeeper:Blobs:S3</c>), used when <see cref="Provider"/> is S3.</summary>
    public S3BlobOptions S3 { get; set; } = new();
}
