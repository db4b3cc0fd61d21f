using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// An artifact of this registry: manifests of <see cref="Repository"/> from the metadata store, blobs streamed from
/// the blob store (never held in memory whole).
/// </summary>
public sealed class LocalArtifactContent(string repository, IArtifactMetadata manifests, IBlobStore blobs) : IArtifactContent
{
    public string Repository { get; } = repository;

    public async Task<ManifestContent> GetManifestAsync(string digest, CancellationToken cancellationToken)
    {
        var row = await manifests.FindArtifactAsync(Repository, digest, isDigest: true, cancellationToken)
            ?? throw new ArtifactContentException($"manifest {digest} is not stored in repository {Repository}");
        return new ManifestContent(row.MediaType, row.Content);
    }

    public async Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken) =>
        await blobs.OpenReadAsync(digest, cancellationToken)
            ?? throw new ArtifactContentException($"blob {digest} of repository {Repository} is not in the blob store");
}
