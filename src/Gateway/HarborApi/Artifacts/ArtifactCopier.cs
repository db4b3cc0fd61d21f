using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Harbor's artifact copy: links every blob into the destination through its blob grain (the source must hold it),
/// copies the children of an index first, then puts the manifest through the destination repository grain, so the
/// same validation as a push runs. The source artifact's tags come along (Harbor copies the root's tags).
/// </summary>
public sealed class ArtifactCopier(GrainReferences grains, IArtifactMetadata store)
{
    private const int MaxDepth = 4;

    public async Task<CopyResult> CopyAsync(CopySource source, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var manifest = await grains.Repository(source.Repository).GetManifestAsync(source.Reference);
        if (manifest is null)
        {
            return CopyResult.Fail(RegistryError.ManifestUnknown, $"artifact {source.Repository}{(source.IsDigest ? "@" : ":")}{source.Reference} not found");
        }

        var tags = (await store.ListTagsOfAsync(source.Repository, [manifest.Digest], cancellationToken)).Select(t => t.Name).ToList();
        var error = await CopyManifestAsync(source.Repository, destination, manifest, tags, 0);
        return error ?? new CopyResult(RegistryError.None, null, manifest.Digest, tags);
    }

    private async Task<CopyResult?> CopyManifestAsync(string source, string destination, ManifestContent manifest, List<string> tags, int depth)
    {
        if (depth > MaxDepth)
        {
            return CopyResult.Fail(RegistryError.ManifestInvalid, $"indexes nest deeper than {MaxDepth} levels");
        }

        var summary = ManifestSummary.Parse(manifest.MediaType, manifest.Content);
        foreach (var child in summary.Children)
        {
            var content = await grains.Repository(source).GetManifestAsync(child.Digest);
            if (content is null)
            {
                return CopyResult.Fail(RegistryError.ManifestUnknown, $"manifest {child.Digest} of the index is not in {source}");
            }

            if (await CopyManifestAsync(source, destination, content, [], depth + 1) is { } failed)
            {
                return failed;
            }
        }

        foreach (var blob in (summary.Config is null ? summary.Layers : [summary.Config, .. summary.Layers]).Where(b => b.Urls.Count == 0))
        {
            var outcome = await grains.Blob(blob.Digest).TryLinkAsync(destination, source);
            if (outcome != LinkOutcome.Linked)
            {
                return CopyResult.Fail(RegistryError.BlobUnknown, $"blob {blob.Digest} of {source} is not available ({outcome})");
            }
        }

        var target = grains.Repository(destination);
        foreach (var reference in tags.Count == 0 ? [manifest.Digest] : tags)
        {
            var put = await target.PutManifestAsync(new PutManifestRequest(reference, manifest.MediaType, manifest.Content));
            if (!put.Succeeded)
            {
                return CopyResult.Fail(put.Error, put.Message ?? "manifest refused");
            }
        }

        return null;
    }
}

/// <summary>What a copy did: the digest and tags now in the destination, or why not.</summary>
public sealed record CopyResult(RegistryError Error, string? Message, string? Digest, IReadOnlyList<string> Tags)
{
    public static CopyResult Fail(RegistryError error, string message) => new(error, message, null, []);
}
