using ArtifactKeeper.Gc;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Registry;

/// <summary>The repository grain's part in GC, serialized with its pushes (see <see cref="IRepositoryGcGrain"/>).</summary>
public sealed partial class RepositoryGrain : IRepositoryGcGrain
{
    public async Task<UntaggedCollection> DeleteUntaggedAsync(TimeSpan window, bool dryRun)
    {
        var collectable = UntaggedManifests.FindCollectable(_index, clock.GetUtcNow() - window);
        if (collectable.Count == 0)
        {
            return UntaggedCollection.Empty;
        }

        var manifests = collectable.Select(m => new CollectedManifest(m.Record.Digest, m.Record.Size)).ToList();
        if (dryRun)
        {
            return new UntaggedCollection(manifests, _index.BlobsReleasedBy(collectable.Select(m => m.Record)));
        }

        var released = new List<string>();
        foreach (var manifest in collectable)
        {
            released.AddRange(await RemoveManifestAsync(manifest.Record.Digest));
        }

        logger.LogInformation("GC deleted {Count} untagged manifests from {Repository}", manifests.Count, Name);
        return new UntaggedCollection(manifests, released);
    }

    public async Task<IReadOnlyList<string>> PruneBlobLinksAsync(IReadOnlyList<string> digests, TimeSpan window, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var unused = digests.Where(d => !_index.ReferencesBlob(d)).Distinct(StringComparer.Ordinal).ToList();
        if (dryRun)
        {
            return unused;
        }

        var unlinked = await Task.WhenAll(unused.Select(async d => (Digest: d, Done: await grains.GetGrain<IBlobGrain>(d).TryUnlinkIdleAsync(Name, window))));
        return unlinked.Where(u => u.Done).Select(u => u.Digest).ToList();
    }
}
