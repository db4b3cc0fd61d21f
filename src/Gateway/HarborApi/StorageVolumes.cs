using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Size and free space of the filesystem the blob store writes to (Harbor's <c>/systeminfo/volumes</c>). With S3 there is
/// no local volume: Harbor then reports a path that does not exist as zero total and zero free, and so does this.
/// </summary>
public sealed class StorageVolumes(IOptions<BlobStoreOptions> blobs, IOptions<ArtifactKeeperOptions> options)
{
    public string ProviderName => blobs.Value.Provider == BlobStoreProvider.S3 ? "s3" : "filesystem";

    public StorageModel Measure()
    {
        if (blobs.Value.Provider == BlobStoreProvider.S3)
        {
            return new StorageModel(0, 0);
        }

        var path = Path.GetFullPath(blobs.Value.Path ?? options.Value.FullDataPath);
        if (!Directory.Exists(path))
        {
            return new StorageModel(0, 0);
        }

        // On Unix a drive may be named by any path on it: its numbers are those of the filesystem holding the path.
        var drive = new DriveInfo(path);
        return new StorageModel((ulong)drive.TotalSize, (ulong)drive.AvailableFreeSpace);
    }
}
