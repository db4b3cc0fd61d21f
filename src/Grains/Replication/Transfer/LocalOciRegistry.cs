using System.Net;
using System.Runtime.CompilerServices;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// This registry as an <see cref="IOciRegistry"/>, in the silo: reads and writes go through the same grains an OCI pull
/// or push reaches, so blob links, quotas, tag immutability and signature linking apply to replicated content exactly
/// as to a client's push. Blob bytes stream between the caller and the blob store; grains only see names, digests and
/// sizes (DESIGN invariant 1). The caller is trusted (the replication service acts as the system), so no
/// authorization is checked here; the policy that chose the artifact was authorized when it was made.
/// </summary>
public sealed class LocalOciRegistry(
    IGrainFactory grains,
    IBlobStore blobs,
    ICatalogQueries catalog,
    LocalProjectProvisioner projects,
    ILogger<LocalOciRegistry> logger) : IOciRegistry
{
    private const int CatalogPageSize = 500;
    private const int TagPageSize = 1000;

    public async IAsyncEnumerable<string> ListRepositoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var page = await catalog.ListRepositoriesAsync(last, CatalogPageSize, cancellationToken);
            foreach (var name in page)
            {
                yield return name;
            }

            if (page.Count < CatalogPageSize)
            {
                yield break;
            }

            last = page[^1];
        }
    }

    public async IAsyncEnumerable<string> ListTagsAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!OciGrammar.IsValidRepositoryName(repository))
        {
            yield break;
        }

        var grain = grains.GetGrain<IRepositoryGrain>(repository);
        string? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await grain.ListTagsAsync(last, TagPageSize);
            foreach (var tag in page.Tags)
            {
                yield return tag;
            }

            if (!page.HasMore || page.Tags.Count == 0)
            {
                yield break;
            }

            last = page.Tags[^1];
        }
    }

    public async Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var content = await FindManifestAsync(repository, reference);
        return content is null ? null : new OciManifest(content.MediaType, content.Digest, content.Content);
    }

    public async Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var content = await FindManifestAsync(repository, reference);
        return content is null ? null : new OciDescriptor(content.MediaType, content.Digest, content.Content.LongLength);
    }

    public async Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        if (!IsBlobAddress(repository, digest))
        {
            return null;
        }

        // As a pull: only a blob linked to this repository is served, whatever else the store holds.
        var blob = grains.GetGrain<IBlobGrain>(digest);
        if (await blob.GetAsync() is not { State: BlobState.Present } info || !await blob.IsLinkedAsync(repository))
        {
            return null;
        }

        var stream = await blobs.OpenReadAsync(digest, cancellationToken);
        return stream is null ? null : new OciBlobContent(stream, info.Size);
    }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken) =>
        IsBlobAddress(repository, digest) && await grains.GetGrain<IBlobGrain>(digest).IsLinkedAsync(repository);

    public async Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        if (!IsBlobAddress(repository, digest) || !OciGrammar.IsValidRepositoryName(fromRepository))
        {
            return false;
        }

        // A refused mount (not in the source, quota) falls back to an upload, as for an OCI client; the upload then
        // meets the quota refusal with its message.
        return await grains.GetGrain<IBlobGrain>(digest).TryLinkAsync(repository, fromRepository) == LinkOutcome.Linked;
    }

    public async Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        if (!OciGrammar.IsValidRepositoryName(repository))
        {
            throw LocalRegistryErrors.InvalidName(repository);
        }

        if (!OciGrammar.IsValidDigest(blob.Digest))
        {
            throw LocalRegistryErrors.Refused(RegistryError.DigestInvalid, $"'{blob.Digest}' is not a valid sha256 digest");
        }

        await RequireProjectAsync(repository);

        // The upload session is what a client's POST opens: the janitor removes its bytes if this process dies mid-way.
        // The whole blob is one chunk, so the lease is never ended: completing or cancelling the session ends it.
        var uploadId = Guid.NewGuid().ToString("D");
        var upload = grains.GetGrain<IUploadGrain>(uploadId);
        await upload.StartAsync(repository);
        var completed = false;
        try
        {
            var lease = await upload.TryBeginChunkAsync(0);
            if (!lease.Granted)
            {
                throw LocalRegistryErrors.Refused(lease.Error, $"upload {uploadId} refused its first chunk");
            }

            long size;
            string? actual;
            await using (var writer = await blobs.OpenUploadAsync(uploadId, 0, cancellationToken))
            {
                await writer.AppendAsync(content, null, cancellationToken);
                await writer.FlushAsync(cancellationToken);
                size = writer.Size;
                actual = writer.CurrentDigest;
            }

            actual ??= (await blobs.DigestUploadAsync(uploadId, cancellationToken))?.Digest;
            if (!string.Equals(actual, blob.Digest, StringComparison.Ordinal))
            {
                // Invariant 2: nothing is published; the source served other bytes than its manifest names.
                throw new OciRegistryException(
                    $"blob content hashes to {actual}, not {blob.Digest}", HttpStatusCode.BadRequest, transient: false, "DIGEST_INVALID");
            }

            if (size != blob.Size)
            {
                throw LocalRegistryErrors.Refused(RegistryError.SizeInvalid, $"blob {blob.Digest} has {size} bytes, its descriptor says {blob.Size}");
            }

            var outcome = await grains.GetGrain<IBlobGrain>(blob.Digest).PublishAsync(uploadId, size, repository, cancellationToken);
            switch (outcome)
            {
                case LinkOutcome.Linked:
                    await upload.CompleteAsync();
                    completed = true;
                    return;
                case LinkOutcome.QuotaExceeded:
                    var message = await grains.GetGrain<IProjectQuotaGrain>(RegistryKeys.ProjectOf(repository)).DescribeExceededAsync(size);
                    throw LocalRegistryErrors.Refused(RegistryError.QuotaExceeded, message);
                default:
                    // Still Deleting after the wait (a failed byte batch): a retry uploads it again (DESIGN invariant 4).
                    throw new OciRegistryException(
                        $"blob {blob.Digest} is being garbage collected; upload it again", HttpStatusCode.BadRequest, transient: true, "BLOB_UPLOAD_INVALID");
            }
        }
        catch (UploadNotFoundException ex)
        {
            throw new OciRegistryException($"upload {uploadId} lost its bytes", ex);
        }
        finally
        {
            if (!completed)
            {
                await CancelQuietlyAsync(upload, uploadId);
            }
        }
    }

    public async Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!OciGrammar.IsValidRepositoryName(repository))
        {
            throw LocalRegistryErrors.InvalidName(repository);
        }

        await RequireProjectAsync(repository);
        var result = await grains.GetGrain<IRepositoryGrain>(repository)
            .PutManifestAsync(new PutManifestRequest(reference, manifest.MediaType, manifest.Content));
        return result.Succeeded ? result.Digest! : throw LocalRegistryErrors.Refused(result.Error, result.Message);
    }

    public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        if (!OciGrammar.IsValidRepositoryName(repository))
        {
            throw LocalRegistryErrors.InvalidName(repository);
        }

        return projects.EnsureAsync(RegistryKeys.ProjectOf(repository), cancellationToken);
    }

    public async Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        if (!IsBlobAddress(repository, digest))
        {
            return false;
        }

        var deleted = await grains.GetGrain<IRepositoryGrain>(repository).TryDeleteManifestAsync(digest);
        if (deleted.Succeeded)
        {
            return true;
        }

        return deleted.Error == RegistryError.ManifestUnknown ? false : throw LocalRegistryErrors.Refused(deleted.Error, deleted.Message);
    }

    public async Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        if (!IsBlobAddress(repository, digest))
        {
            return new OciReferrers(true, []);
        }

        var referrers = await grains.GetGrain<IRepositoryGrain>(repository).GetReferrersAsync(digest, null);
        return new OciReferrers(true, referrers.Select(r => new OciDescriptor(r.MediaType, r.Digest, r.Size, r.ArtifactType)).ToList());
    }

    private async Task<ManifestContent?> FindManifestAsync(string repository, string reference)
    {
        var grammatical = OciGrammar.LooksLikeDigest(reference) ? OciGrammar.IsValidDigest(reference) : OciGrammar.IsValidTag(reference);
        return grammatical && OciGrammar.IsValidRepositoryName(repository)
            ? await grains.GetGrain<IRepositoryGrain>(repository).GetManifestAsync(reference)
            : null;
    }

    /// <summary>A push needs the project; <see cref="PrepareRepositoryAsync"/> is how a caller gets one made.</summary>
    private async Task RequireProjectAsync(string repository)
    {
        var project = RegistryKeys.ProjectOf(repository);
        if (await grains.GetGrain<IProjectGrain>(project).GetAsync() is null)
        {
            throw LocalRegistryErrors.Refused(RegistryError.ProjectNotFound, $"project {project} does not exist");
        }
    }

    private async Task CancelQuietlyAsync(IUploadGrain upload, string uploadId)
    {
        try
        {
            await upload.CancelAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The janitor removes an expired upload's bytes; the push's own failure is what the caller must see.
            logger.LogWarning(ex, "Could not cancel replication upload {UploadId}", uploadId);
        }
    }

    private static bool IsBlobAddress(string repository, string digest) =>
        OciGrammar.IsValidRepositoryName(repository) && OciGrammar.IsValidDigest(digest);
}
