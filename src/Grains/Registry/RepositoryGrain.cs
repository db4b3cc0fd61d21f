using System.Security.Cryptography;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Retention.Oci;
using ArtifactKeeper.Signing.Trust;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Single writer of one repository's tags, manifests and referrers. A manifest PUT is validated
/// here in one turn (grammar, parse, every referenced blob linked, every child manifest present unless the
/// proxy-cache fill stores an index ahead of its children), persisted, and only then acknowledged.
/// </summary>
[GrainType("repository")]
public sealed partial class RepositoryGrain(
    IRepositoryMetadata metadata,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<RepositoryGrain> logger) : Grain, IRepositoryGrain, IRepositoryRetentionGrain
{
    /// <summary>Largest manifest accepted, as distribution and the OCI spec recommend.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly RepositoryIndex _index = new();
    private OciRepositoryRetention? _retention;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _index.Load(await metadata.LoadRepositoryAsync(Name, cancellationToken));

    public async Task<PutManifestResult> PutManifestAsync(PutManifestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content.Length > MaxManifestBytes)
        {
            return PutManifestResult.Fail(RegistryError.ManifestTooLarge, $"manifest is {request.Content.Length} bytes; the limit is {MaxManifestBytes}");
        }

        var digest = ComputeDigest(request.Content);
        string? tag = null;
        if (OciGrammar.LooksLikeDigest(request.Reference))
        {
            if (!OciGrammar.IsValidDigest(request.Reference))
            {
                return PutManifestResult.Fail(RegistryError.DigestInvalid, $"'{request.Reference}' is not a supported digest");
            }

            if (!string.Equals(request.Reference, digest, StringComparison.Ordinal))
            {
                return PutManifestResult.Fail(RegistryError.DigestInvalid, $"manifest content hashes to {digest}, not {request.Reference}");
            }
        }
        else if (OciGrammar.IsValidTag(request.Reference))
        {
            tag = request.Reference;
        }
        else
        {
            return PutManifestResult.Fail(RegistryError.TagInvalid, $"'{request.Reference}' is not a valid tag");
        }

        if (tag is not null && await TagImmutability.RefusePushAsync(grains, Name, _index, tag, digest) is { } immutable)
        {
            return PutManifestResult.Fail(RegistryError.TagImmutable, immutable);
        }

        var parsed = ManifestParser.Parse(request.Content, request.ContentType);
        if (!parsed.Succeeded)
        {
            return PutManifestResult.Fail(parsed.Error, parsed.Message ?? "invalid manifest");
        }

        var manifest = parsed.Manifest!;
        var missing = await FindMissingReferenceAsync(manifest.References, request.AllowAbsentChildren);
        if (missing is not null)
        {
            return PutManifestResult.Fail(RegistryError.ManifestBlobUnknown, missing);
        }

        if (!_index.ContainsManifest(digest) &&
            await QuotaOf().TryChargeAsync(ManifestQuotaReference(digest, request.Content.Length)) is { Admitted: false } refused)
        {
            return PutManifestResult.Fail(refused.Error, refused.Message!);
        }

        var record = new ManifestRecord(
            Name, digest, manifest.MediaType, manifest.ArtifactType, request.Content.Length,
            manifest.Subject?.Digest, request.Content, manifest.References, manifest.Annotations, clock.GetUtcNow());
        await metadata.PutManifestAsync(record, tag, CancellationToken.None);
        _index.AddManifest(record, tag);
        await SignatureNotifications.ManifestChangedAsync(grains, Name, record.ArtifactType, record.Subject, tag);
        logger.LogInformation("Stored manifest {Repository}@{Digest} tag {Tag}", Name, digest, tag);
        return new PutManifestResult(RegistryError.None, null, digest, record.Subject);
    }

    public Task<ManifestContent?> GetManifestAsync(string reference)
    {
        var stored = OciGrammar.LooksLikeDigest(reference) ? _index.FindByDigest(reference) : _index.FindByTag(reference);
        return Task.FromResult(stored?.Content);
    }

    public async Task<RepositoryChangeResult> TryDeleteManifestAsync(string digest)
    {
        if (!_index.ContainsManifest(digest))
        {
            return RepositoryChangeResult.Fail(RegistryError.ManifestUnknown, $"manifest {digest} is not in repository {Name}");
        }

        if (await TagImmutability.RefuseManifestDeleteAsync(grains, Name, _index, digest) is { } immutable)
        {
            return RepositoryChangeResult.Fail(RegistryError.TagImmutable, immutable);
        }

        await RemoveManifestAsync(digest);
        logger.LogInformation("Deleted manifest {Repository}@{Digest}", Name, digest);
        return RepositoryChangeResult.Done;
    }

    /// <summary>
    /// Deletes a manifest with its tags, releases its quota charge and unlinks the blobs no other manifest here
    /// references, so their bytes are charged no longer and GC can collect them. Answers the blobs unlinked.
    /// </summary>
    private async Task<IReadOnlyList<string>> RemoveManifestAsync(string digest)
    {
        var record = _index.FindByDigest(digest)!.Record;
        var tags = _index.TagsOf(digest);
        await metadata.DeleteManifestAsync(Name, digest, CancellationToken.None);
        _index.RemoveManifest(digest);
        await SignatureNotifications.ManifestRemovedAsync(grains, Name, record.ArtifactType, record.Subject, tags);
        await QuotaOf().ReleaseAsync(ManifestQuotaReference(digest, record.Size));
        var released = record.References
            .Where(r => r.Kind == ReferenceKind.Blob && !_index.ReferencesBlob(r.Digest))
            .Select(r => r.Digest)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        await Task.WhenAll(released.Select(blob => grains.GetGrain<IBlobGrain>(blob).UnlinkAsync(Name)));
        return released;
    }

    public async Task<RepositoryChangeResult> TryDeleteTagAsync(string tag)
    {
        if (!_index.ContainsTag(tag))
        {
            return RepositoryChangeResult.Fail(RegistryError.ManifestUnknown, $"tag {tag} is not in repository {Name}");
        }

        if (await TagImmutability.RefuseTagDeleteAsync(grains, Name, _index, tag) is { } immutable)
        {
            return RepositoryChangeResult.Fail(RegistryError.TagImmutable, immutable);
        }

        await metadata.DeleteTagAsync(Name, tag, CancellationToken.None);
        _index.RemoveTag(tag);
        await SignatureNotifications.ManifestChangedAsync(grains, Name, null, null, tag);
        return RepositoryChangeResult.Done;
    }

    public async Task<RepositoryChangeResult> TryDeleteBlobAsync(string digest)
    {
        if (_index.ReferencesBlob(digest))
        {
            return RepositoryChangeResult.Fail(RegistryError.Conflict, $"blob {digest} is referenced by a manifest in repository {Name}; delete the manifest instead");
        }

        return await grains.GetGrain<IBlobGrain>(digest).UnlinkAsync(Name)
            ? RepositoryChangeResult.Done
            : RepositoryChangeResult.Fail(RegistryError.BlobUnknown, $"blob {digest} is not in repository {Name}");
    }

    public async Task<RegistryError> TryTagAsync(string digest, string tag)
    {
        if (!OciGrammar.IsValidTag(tag))
        {
            return RegistryError.TagInvalid;
        }

        if (_index.FindByDigest(digest) is not { } stored)
        {
            return RegistryError.ManifestUnknown;
        }

        if (_index.ContainsTag(tag))
        {
            return RegistryError.Conflict;
        }

        // The manifest row exists, so the store only adds the tag, stamped now.
        await metadata.PutManifestAsync(stored.Record with { PushedAt = clock.GetUtcNow() }, tag, CancellationToken.None);
        _index.AddManifest(stored.Record, tag);
        await SignatureNotifications.ManifestChangedAsync(grains, Name, null, null, tag);
        return RegistryError.None;
    }

    public Task<TagPage> ListTagsAsync(string? last, int? limit) => Task.FromResult(_index.ListTags(last, limit));

    public Task<IReadOnlyList<ReferrerDescriptor>> GetReferrersAsync(string subjectDigest, string? artifactType)
    {
        var result = new List<ReferrerDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var referrer in _index.ReferrersOf(subjectDigest))
        {
            seen.Add(referrer.Digest);
            result.Add(new ReferrerDescriptor(referrer.MediaType, referrer.Digest, referrer.Size, referrer.ArtifactType, referrer.Annotations));
        }

        if (_index.FindByTag(ReferrersTagSchema.TagFor(subjectDigest)) is { } fallback &&
            ManifestMediaTypes.IsIndex(fallback.Record.MediaType))
        {
            // A fallback entry without artifactType takes the stored manifest's (its config's media type at least).
            result.AddRange(ReferrersTagSchema.ReadDescriptors(fallback.Record.Content)
                .Where(d => seen.Add(d.Digest))
                .Select(d => d.ArtifactType is null ? d with { ArtifactType = _index.FindByDigest(d.Digest)?.Record.ArtifactType } : d));
        }

        IReadOnlyList<ReferrerDescriptor> filtered = artifactType is null
            ? result
            : result.Where(d => string.Equals(d.ArtifactType, artifactType, StringComparison.Ordinal)).ToList();
        return Task.FromResult(filtered);
    }

    public Task<bool> ExistsAsync() => Task.FromResult(_index.ManifestCount > 0);

    public Task<RetentionStep> BeginRetentionAsync(RetentionRepositoryRequest request) => Retention().BeginAsync(request);

    public Task<RetentionStep> ContinueRetentionAsync(long executionId) => Retention().ContinueAsync(executionId);

    public Task<RetentionRepositoryResult> StopRetentionAsync(long executionId) => Task.FromResult(Retention().Stop(executionId));

    private OciRepositoryRetention Retention() => _retention ??= new OciRepositoryRetention(ServiceProvider, Name, _index);

    private async Task<string?> FindMissingReferenceAsync(IReadOnlyList<ManifestReference> references, bool allowAbsentChildren)
    {
        var blobChecks = new List<(string Digest, Task<bool> Linked)>();
        foreach (var reference in references)
        {
            switch (reference.Kind)
            {
                case ReferenceKind.Blob:
                    blobChecks.Add((reference.Digest, grains.GetGrain<IBlobGrain>(reference.Digest).IsLinkedAsync(Name)));
                    break;
                case ReferenceKind.Manifest when !allowAbsentChildren && !_index.ContainsManifest(reference.Digest):
                    return $"manifest {reference.Digest} listed by the index is not in repository {Name}";
                default:
                    break;
            }
        }

        foreach (var (digest, linked) in blobChecks)
        {
            if (!await linked)
            {
                return $"blob {digest} is not present in repository {Name}";
            }
        }

        return null;
    }

    /// <summary>The quota of this repository's project: manifest bytes count as Harbor counts them, once per project.</summary>
    private IProjectQuotaGrain QuotaOf() => grains.GetGrain<IProjectQuotaGrain>(RegistryKeys.ProjectOf(Name));

    private QuotaReference ManifestQuotaReference(string digest, long size) => new(digest, Name, QuotaReferenceKind.Manifest, size);

    private static string ComputeDigest(byte[] content) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
