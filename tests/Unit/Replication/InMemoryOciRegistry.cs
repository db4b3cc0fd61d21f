using System.Net;
using System.Runtime.CompilerServices;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>
/// A registry in a dictionary for the copier's unit tests: it refuses a manifest whose blobs or children are not there
/// (as every real registry does), verifies pushed digests, and logs every write in order. With
/// <see cref="ReferrersApi"/> false it behaves like distribution 2.8 (no referrers API).
/// </summary>
internal sealed class InMemoryOciRegistry(bool referrersApi = true) : IOciRegistry
{
    private readonly Dictionary<string, Dictionary<string, byte[]>> _blobs = [];
    private readonly Dictionary<string, Dictionary<string, OciManifest>> _manifests = [];
    private readonly Dictionary<string, SortedDictionary<string, string>> _tags = [];

    public bool ReferrersApi { get; } = referrersApi;

    /// <summary>Every write in order: <c>blob repo digest</c>, <c>mount repo digest</c>, <c>manifest repo reference</c>.</summary>
    public List<string> Writes { get; } = [];

    public List<long?> ChunkSizes { get; } = [];

    public void AddBlob(string repository, byte[] content) => Of(_blobs, repository)[Digests.Sha256(content)] = content;

    public void AddManifest(string repository, OciManifest manifest, string? tag = null)
    {
        Of(_manifests, repository)[manifest.Digest] = manifest;
        if (tag is not null)
        {
            Tags(repository)[tag] = manifest.Digest;
        }
    }

    public byte[]? Blob(string repository, string digest) => Of(_blobs, repository).GetValueOrDefault(digest);

    public async IAsyncEnumerable<string> ListRepositoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var name in _manifests.Keys.Order(StringComparer.Ordinal))
        {
            yield return name;
        }
    }

    public async IAsyncEnumerable<string> ListTagsAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var tag in Tags(repository).Keys.ToList())
        {
            yield return tag;
        }
    }

    public Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var digest = reference.Contains(':', StringComparison.Ordinal) ? reference : Tags(repository).GetValueOrDefault(reference);
        return Task.FromResult(digest is null ? null : Of(_manifests, repository).GetValueOrDefault(digest));
    }

    public async Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        (await GetManifestAsync(repository, reference, cancellationToken))?.Descriptor;

    public Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken) =>
        Task.FromResult(Blob(repository, digest) is { } content ? new OciBlobContent(new MemoryStream(content), content.Length) : null);

    public Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken) =>
        Task.FromResult(Blob(repository, digest) is not null);

    public Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        if (Blob(fromRepository, digest) is not { } content)
        {
            return Task.FromResult(false);
        }

        Of(_blobs, repository)[digest] = content;
        Writes.Add($"mount {repository} {digest}");
        return Task.FromResult(true);
    }

    public async Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (Digests.Sha256(bytes) != blob.Digest || bytes.Length != blob.Size)
        {
            throw new OciRegistryException("digest mismatch", HttpStatusCode.BadRequest, false, "DIGEST_INVALID");
        }

        Of(_blobs, repository)[blob.Digest] = bytes;
        ChunkSizes.Add(chunkSize);
        Writes.Add($"blob {repository} {blob.Digest}");
    }

    public Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken)
    {
        var links = ManifestLinks.Read(manifest);
        if (links.Blobs.FirstOrDefault(b => Blob(repository, b.Digest) is null) is { } missingBlob)
        {
            throw new OciRegistryException($"blob {missingBlob.Digest} unknown", HttpStatusCode.NotFound, false, "MANIFEST_BLOB_UNKNOWN");
        }

        if (links.Children.FirstOrDefault(c => !Of(_manifests, repository).ContainsKey(c.Digest)) is { } missingChild)
        {
            throw new OciRegistryException($"manifest {missingChild.Digest} unknown", HttpStatusCode.NotFound, false, "MANIFEST_BLOB_UNKNOWN");
        }

        AddManifest(repository, manifest, reference.Contains(':', StringComparison.Ordinal) ? null : reference);
        Writes.Add($"manifest {repository} {reference}");
        return Task.FromResult(manifest.Digest);
    }

    public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var removed = Of(_manifests, repository).Remove(digest);
        foreach (var tag in Tags(repository).Where(t => t.Value == digest).Select(t => t.Key).ToList())
        {
            Tags(repository).Remove(tag);
        }

        return Task.FromResult(removed);
    }

    public Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        if (!ReferrersApi)
        {
            return Task.FromResult(OciReferrers.Unsupported);
        }

        var referrers = Of(_manifests, repository).Values
            .Where(m => ManifestLinks.Read(m).Subject?.Digest == digest)
            .Select(m => m.Descriptor)
            .ToList();
        return Task.FromResult(new OciReferrers(true, referrers));
    }

    public string? TagTarget(string repository, string tag) => Tags(repository).GetValueOrDefault(tag);

    private SortedDictionary<string, string> Tags(string repository)
    {
        if (!_tags.TryGetValue(repository, out var tags))
        {
            tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            _tags[repository] = tags;
        }

        return tags;
    }

    private static Dictionary<string, T> Of<T>(Dictionary<string, Dictionary<string, T>> map, string repository)
    {
        if (!map.TryGetValue(repository, out var inner))
        {
            inner = new Dictionary<string, T>(StringComparer.Ordinal);
            map[repository] = inner;
        }

        return inner;
    }
}
