using System.Net;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// One copy of one artifact. Order is what keeps the destination consistent at every step: an index's children before
/// the index, a manifest's blobs before the manifest, a subject before its accessories, and the tags last, so no reader
/// of the destination ever resolves a tag to something incomplete. Everything already there is left as it is, so a copy
/// interrupted half-way is simply run again.
/// </summary>
internal sealed class ArtifactCopyRun(ArtifactCopyRequest request, RecentBlobLocations locations, IReadOnlyList<TokenBucket> buckets, IProgress<long>? progress)
{
    /// <summary>Accessories of accessories (an SBOM's signature) are followed this deep, and no deeper.</summary>
    private const int MaxAccessoryDepth = 3;

    private readonly IOciRegistry _source = request.Source;
    private readonly IOciRegistry _destination = request.Destination;
    private readonly string _from = request.SourceRepository;
    private readonly string _to = request.DestinationRepository;
    private readonly HashSet<string> _manifests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _blobs = new(StringComparer.Ordinal);
    private readonly List<string> _tagsSkipped = [];
    private bool? _destinationHasReferrers;
    private int _manifestsPut;
    private int _blobsPushed;
    private int _blobsSkipped;
    private int _blobsMounted;
    private long _bytesSent;

    public async Task<ArtifactCopyResult> RunAsync(CancellationToken cancellationToken)
    {
        await _destination.PrepareRepositoryAsync(_to, cancellationToken);
        var root = await FetchAsync(request.Digest, cancellationToken);
        await CopyTreeAsync(root, 0, cancellationToken);
        foreach (var tag in request.Tags.Distinct(StringComparer.Ordinal))
        {
            await PutTagAsync(tag, root, cancellationToken);
        }

        return new ArtifactCopyResult(_manifestsPut, _blobsPushed, _blobsSkipped, _blobsMounted, _bytesSent, _tagsSkipped);
    }

    /// <summary>The manifest, what it names, and its accessories; by digest, untagged.</summary>
    private async Task CopyTreeAsync(OciManifest manifest, int depth, CancellationToken cancellationToken)
    {
        if (!_manifests.Add(manifest.Digest))
        {
            return;
        }

        var links = ManifestLinks.Read(manifest);
        foreach (var child in links.Children)
        {
            await CopyTreeAsync(await FetchAsync(child.Digest, cancellationToken, parent: manifest.Digest), depth, cancellationToken);
        }

        foreach (var blob in links.Blobs)
        {
            await CopyBlobAsync(blob, cancellationToken);
        }

        if (await _destination.HeadManifestAsync(_to, manifest.Digest, cancellationToken) is null)
        {
            await _destination.PutManifestAsync(_to, manifest.Digest, manifest, cancellationToken);
            _manifestsPut++;
        }

        if (depth < MaxAccessoryDepth)
        {
            await CopyAccessoriesAsync(manifest.Digest, depth + 1, cancellationToken);
        }
    }

    /// <summary>
    /// Signatures, SBOMs and attestations of <paramref name="subject"/>: from the referrers API, or where the source has
    /// none from its referrers tag; and cosign's legacy tags, which no referrers API lists (they have no subject field).
    /// </summary>
    private async Task CopyAccessoriesAsync(string subject, int depth, CancellationToken cancellationToken)
    {
        var referrers = new List<OciManifest>();
        var listed = await _source.GetReferrersAsync(_from, subject, cancellationToken);
        IEnumerable<string> digests = listed.Supported
            ? listed.Manifests.Select(m => m.Digest)
            : await FallbackReferrersAsync(subject, cancellationToken);
        foreach (var digest in digests.Distinct(StringComparer.Ordinal))
        {
            var referrer = await FetchAsync(digest, cancellationToken);
            await CopyTreeAsync(referrer, depth, cancellationToken);
            referrers.Add(referrer);
        }

        // Looked up by name rather than by listing the source's tags: a copy stays a few requests however many tags the
        // repository has.
        foreach (var tag in AccessoryTags.CosignTags(subject))
        {
            if (await _source.GetManifestAsync(_from, tag, cancellationToken) is { } accessory)
            {
                var verified = await FetchAsync(accessory.Digest, cancellationToken);
                await CopyTreeAsync(verified, depth, cancellationToken);
                await PutTagAsync(tag, verified, cancellationToken);
            }
        }

        if (referrers.Count > 0 && !await DestinationHasReferrersAsync(subject, cancellationToken))
        {
            await PutFallbackIndexAsync(subject, referrers, cancellationToken);
        }
    }

    /// <summary>The referrers a source without the referrers API lists in its <c>sha256-&lt;hex&gt;</c> index.</summary>
    private async Task<IEnumerable<string>> FallbackReferrersAsync(string subject, CancellationToken cancellationToken)
    {
        var index = await _source.GetManifestAsync(_from, AccessoryTags.ReferrersTag(subject), cancellationToken);
        return index is null ? [] : ReferrersTagSchema.ReadDescriptors(index.Content).Select(d => d.Digest);
    }

    /// <summary>Lists the referrers in the destination's referrers tag (merged with what it listed already), as cosign and ORAS do.</summary>
    private async Task PutFallbackIndexAsync(string subject, IReadOnlyList<OciManifest> referrers, CancellationToken cancellationToken)
    {
        var tag = AccessoryTags.ReferrersTag(subject);
        var existing = await _destination.GetManifestAsync(_to, tag, cancellationToken);
        if (ReferrersFallbackIndex.Merge(existing, referrers) is { } merged)
        {
            await _destination.PutManifestAsync(_to, tag, merged, cancellationToken);
            _manifestsPut++;
        }
    }

    private async Task CopyBlobAsync(OciDescriptor blob, CancellationToken cancellationToken)
    {
        if (!_blobs.Add(blob.Digest))
        {
            return;
        }

        if (await _destination.BlobExistsAsync(_to, blob.Digest, cancellationToken))
        {
            _blobsSkipped++;
            locations.Remember(_destination, blob.Digest, _to);
            return;
        }

        // Concurrent copies share base layers: one sends a blob to a registry at a time, the others then mount it.
        while (!locations.TryLeadPush(_destination, blob.Digest, out var inFlight))
        {
            await inFlight.WaitAsync(cancellationToken);
            if (await TryMountAsync(blob, cancellationToken))
            {
                return;
            }
        }

        try
        {
            if (await TryMountAsync(blob, cancellationToken))
            {
                return;
            }

            await using var content = await _source.OpenBlobAsync(_from, blob.Digest, cancellationToken)
                ?? throw new OciRegistryException($"blob {blob.Digest} is not in {_from} at the source", HttpStatusCode.NotFound, transient: false, "BLOB_UNKNOWN");
            Stream stream = content.Content;

            // The task's own speed and the target's shared limit: every byte waits for both.
            foreach (var bucket in buckets)
            {
                stream = new BandwidthLimitedStream(stream, bucket);
            }

            await using var counted = new CountingStream(stream, Sent);
            await _destination.PushBlobAsync(_to, blob, counted, request.ChunkSize, cancellationToken);
            _blobsPushed++;
            locations.Remember(_destination, blob.Digest, _to);
        }
        finally
        {
            locations.EndPush(_destination, blob.Digest);
        }
    }

    /// <summary>Mounts the blob from a repository of the destination it recently went to; false when none would.</summary>
    private async Task<bool> TryMountAsync(OciDescriptor blob, CancellationToken cancellationToken)
    {
        foreach (var from in locations.Find(_destination, blob.Digest, _to))
        {
            if (await _destination.TryMountBlobAsync(_to, blob.Digest, from, cancellationToken))
            {
                _blobsMounted++;
                locations.Remember(_destination, blob.Digest, _to);
                return true;
            }

            locations.Forget(_destination, blob.Digest, from);
        }

        return false;
    }

    private void Sent(int bytes)
    {
        _bytesSent += bytes;
        progress?.Report(_bytesSent);
    }

    /// <summary>
    /// Points <paramref name="tag"/> at the manifest, unless the destination's tag already names another digest and the
    /// request does not override (then the tag is reported as skipped).
    /// </summary>
    private async Task PutTagAsync(string tag, OciManifest manifest, CancellationToken cancellationToken)
    {
        var current = await _destination.HeadManifestAsync(_to, tag, cancellationToken);
        if (current is not null && string.Equals(current.Digest, manifest.Digest, StringComparison.Ordinal))
        {
            return;
        }

        if (current is not null && !request.Override)
        {
            _tagsSkipped.Add(tag);
            return;
        }

        await _destination.PutManifestAsync(_to, tag, manifest, cancellationToken);
        _manifestsPut++;
    }

    /// <summary>
    /// The manifest with this digest at the source, its bytes checked against the digest. A missing child of an index
    /// (a proxy-cache project stores only the platforms clients pulled) is named as such.
    /// </summary>
    private async Task<OciManifest> FetchAsync(string digest, CancellationToken cancellationToken, string? parent = null)
    {
        var manifest = await _source.GetManifestAsync(_from, digest, cancellationToken)
            ?? throw new OciRegistryException(
                parent is null
                    ? $"manifest {digest} is not in {_from} at the source"
                    : $"manifest {digest}, a child of index {parent}, is not in {_from} at the source (not pulled through the proxy cache yet, if it is one)",
                HttpStatusCode.NotFound,
                transient: false,
                "MANIFEST_UNKNOWN");
        var actual = Digests.Sha256(manifest.Content);
        if (!string.Equals(actual, digest, StringComparison.Ordinal))
        {
            throw new OciRegistryException(
                $"the source served manifest {digest} with content hashing to {actual}", HttpStatusCode.BadGateway, transient: false, "DIGEST_INVALID");
        }

        return manifest.Digest == digest ? manifest : manifest with { Digest = digest };
    }

    private async Task<bool> DestinationHasReferrersAsync(string subject, CancellationToken cancellationToken)
    {
        _destinationHasReferrers ??= (await _destination.GetReferrersAsync(_to, subject, cancellationToken)).Supported;
        return _destinationHasReferrers.Value;
    }
}
