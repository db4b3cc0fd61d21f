using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Oci;

/// <summary>
/// Blob uploads: end-4a/4b/11 (POST: start, single-request monolithic, mount), end-5 (PATCH chunk),
/// end-6 (PUT: finish), end-13 (GET status) and cancel (DELETE). Bytes stream from the request into
/// the blob store, hashed on the way; the upload grain orders chunks and the blob grain publishes.
/// </summary>
public static class OciUploadHandlers
{
    private const string UploadUuidHeader = "Docker-Upload-UUID";

    /// <summary>How many linked repositories a mount without <c>from</c> tries as its source.</summary>
    private const int MountCandidates = 32;

    public static async Task<IResult> StartAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query("mount") is { } mount && OciGrammar.IsValidDigest(mount))
        {
            var mounted = await TryMountAsync(request, mount);
            if (mounted == LinkOutcome.Linked)
            {
                return Created(request, mount);
            }

            if (mounted == LinkOutcome.QuotaExceeded)
            {
                return await QuotaRefusalAsync(request, mount);
            }
        }

        var digest = request.Query("digest");
        if (digest is not null && !OciGrammar.IsValidDigest(digest))
        {
            return new OciErrorResult(RegistryError.DigestInvalid, $"'{digest}' is not a valid sha256 digest");
        }

        var uploadId = Guid.NewGuid().ToString("D");
        var upload = request.Grains.GetGrain<IUploadGrain>(uploadId);
        await upload.StartAsync(request.Name);
        if (digest is not null)
        {
            var lease = await upload.TryBeginChunkAsync(0);
            return await FinishAsync(request, uploadId, upload, lease, digest);
        }

        // No file yet: the first chunk (or the final PUT) creates it at offset 0.
        return Accepted(request, uploadId, 0, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> PatchAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        long? start = null;
        ContentRange? declared = null;
        var header = request.Http.Request.Headers.ContentRange.ToString();
        if (header.Length > 0)
        {
            if (!ContentRange.TryParse(header, out var parsed))
            {
                return new OciErrorResult(RegistryError.RangeInvalid, $"malformed Content-Range '{header}'");
            }

            declared = parsed;
            start = parsed.Start;
        }

        var upload = request.Grains.GetGrain<IUploadGrain>(request.Reference);
        var lease = await upload.TryBeginChunkAsync(start);
        if (RefuseLease(request, lease) is { } refusal)
        {
            return refusal;
        }

        var newOffset = lease.Offset;
        try
        {
            await using var writer = await request.Blobs.OpenUploadAsync(request.Reference, lease.Offset, request.Aborted);
            var appended = await writer.AppendAsync(request.Http.Request.Body, null, request.Aborted);
            if (declared is { } range && appended != range.Length)
            {
                return new OciErrorResult(RegistryError.SizeInvalid, $"Content-Range declares {range.Length} bytes but the body had {appended}");
            }

            await writer.FlushAsync(request.Aborted);
            newOffset = writer.Size;
        }
        catch (UploadNotFoundException)
        {
            return new OciErrorResult(RegistryError.BlobUploadUnknown, $"upload {request.Reference} has no bytes in the store");
        }
        finally
        {
            // Unacknowledged bytes past the old offset are truncated by the next writer.
            await upload.EndChunkAsync(newOffset);
        }

        return Accepted(request, request.Reference, newOffset, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> CompleteAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var digest = request.Query("digest");
        if (digest is null || !OciGrammar.IsValidDigest(digest))
        {
            return new OciErrorResult(RegistryError.DigestInvalid, digest is null ? "the digest query parameter is required" : $"'{digest}' is not a valid sha256 digest");
        }

        long? start = null;
        var header = request.Http.Request.Headers.ContentRange.ToString();
        if (header.Length > 0 && ContentRange.TryParse(header, out var parsed))
        {
            start = parsed.Start;
        }

        var upload = request.Grains.GetGrain<IUploadGrain>(request.Reference);
        var lease = await upload.TryBeginChunkAsync(start);
        return await FinishAsync(request, request.Reference, upload, lease, digest);
    }

    public static async Task<IResult> StatusAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var info = await request.Grains.GetGrain<IUploadGrain>(request.Reference).GetAsync();
        if (info is null || !string.Equals(info.Repository, request.Name, StringComparison.Ordinal))
        {
            return new OciErrorResult(RegistryError.BlobUploadUnknown, $"upload {request.Reference} is not open in {request.Name}");
        }

        return Accepted(request, request.Reference, info.Offset, StatusCodes.Status204NoContent);
    }

    public static async Task<IResult> CancelAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var upload = request.Grains.GetGrain<IUploadGrain>(request.Reference);
        var info = await upload.GetAsync();
        if (info is null || !string.Equals(info.Repository, request.Name, StringComparison.Ordinal) || !await upload.CancelAsync())
        {
            return new OciErrorResult(RegistryError.BlobUploadUnknown, $"upload {request.Reference} is not open in {request.Name}");
        }

        return Results.NoContent();
    }

    /// <summary>Appends the request body as the last chunk, verifies the digest and publishes the blob.</summary>
    private static async Task<IResult> FinishAsync(OciRequest request, string uploadId, IUploadGrain upload, ChunkLease lease, string digest)
    {
        if (RefuseLease(request, lease) is { } refusal)
        {
            return refusal;
        }

        var endOffset = lease.Offset;
        var completed = false;
        try
        {
            long size;
            string? actual;
            await using (var writer = await request.Blobs.OpenUploadAsync(uploadId, lease.Offset, request.Aborted))
            {
                await writer.AppendAsync(request.Http.Request.Body, null, request.Aborted);
                await writer.FlushAsync(request.Aborted);
                size = writer.Size;
                actual = writer.CurrentDigest;
            }

            actual ??= (await request.Blobs.DigestUploadAsync(uploadId, request.Aborted))?.Digest;
            if (!string.Equals(actual, digest, StringComparison.Ordinal))
            {
                // Invariant 2: the bytes are not published; the final chunk is dropped so the client can retry.
                return new OciErrorResult(RegistryError.DigestInvalid, $"uploaded content hashes to {actual}, not {digest}");
            }

            var outcome = await request.Blob(digest).PublishAsync(uploadId, size, request.Name, request.Aborted);
            if (outcome == LinkOutcome.QuotaExceeded)
            {
                return await QuotaRefusalAsync(request, digest, size);
            }

            if (outcome != LinkOutcome.Linked)
            {
                return new OciErrorResult(RegistryError.BlobUploadInvalid, $"blob {digest} is being garbage collected; upload it again");
            }

            await upload.CompleteAsync();
            completed = true;
            return Created(request, digest);
        }
        catch (UploadNotFoundException)
        {
            return new OciErrorResult(RegistryError.BlobUploadUnknown, $"upload {uploadId} has no bytes in the store");
        }
        finally
        {
            if (!completed)
            {
                await upload.EndChunkAsync(endOffset);
            }
        }
    }

    private static async Task<LinkOutcome> TryMountAsync(OciRequest request, string digest)
    {
        var blob = request.Blob(digest);
        var from = request.Query("from");
        if (from is not null)
        {
            return OciGrammar.IsValidRepositoryName(from) && await CanReadAsync(request, from)
                ? await blob.TryLinkAsync(request.Name, from)
                : LinkOutcome.NotInSource;
        }

        // Without "from", knowing a digest is not enough: the caller must be able to read some
        // repository that holds the blob, or a private blob would leak into a project it can push to.
        foreach (var source in await blob.GetRepositoriesAsync(MountCandidates))
        {
            if (await CanReadAsync(request, source))
            {
                return await blob.TryLinkAsync(request.Name, source);
            }
        }

        return LinkOutcome.NotInSource;
    }

    /// <summary>Harbor's answer to a blob its project's quota cannot take: 403 DENIED "Quota exceeded ...".</summary>
    private static async Task<IResult> QuotaRefusalAsync(OciRequest request, string digest, long? size = null)
    {
        var bytes = size ?? (await request.Blob(digest).GetAsync())?.Size ?? 0;
        var message = await request.Grains.GetGrain<IProjectQuotaGrain>(RegistryKeys.ProjectOf(request.Name)).DescribeExceededAsync(bytes);
        return new OciErrorResult(RegistryError.QuotaExceeded, message);
    }

    private static async Task<bool> CanReadAsync(OciRequest request, string repository) =>
        await request.Authorizer.AuthorizeAsync(request.Caller, repository, AccessPolicy.Pull, request.Http.RequestAborted) == AccessDecision.Allowed;

    private static OciErrorResult? RefuseLease(OciRequest request, ChunkLease lease)
    {
        if (lease.Error == RegistryError.BlobUploadUnknown || !string.Equals(lease.Repository, request.Name, StringComparison.Ordinal))
        {
            return new OciErrorResult(RegistryError.BlobUploadUnknown, $"upload {request.Reference} is not open in {request.Name}");
        }

        if (lease.Error == RegistryError.RangeInvalid)
        {
            SetUploadHeaders(request, request.Reference, lease.Offset);
            return new OciErrorResult(RegistryError.RangeInvalid, $"the upload is at offset {lease.Offset}");
        }

        return lease.Granted ? null : new OciErrorResult(lease.Error, "another chunk of this upload is being written");
    }

    private static IResult Created(OciRequest request, string digest)
    {
        var headers = request.Http.Response.Headers;
        headers.Location = request.Locations.Blob(request.Http, request.Name, digest);
        headers["Docker-Content-Digest"] = digest;
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static IResult Accepted(OciRequest request, string uploadId, long offset, int status)
    {
        SetUploadHeaders(request, uploadId, offset);
        return Results.StatusCode(status);
    }

    private static void SetUploadHeaders(OciRequest request, string uploadId, long offset)
    {
        var headers = request.Http.Response.Headers;
        headers.Location = request.Locations.Upload(request.Http, request.Name, uploadId);
        headers.Range = $"0-{Math.Max(offset - 1, 0)}";
        headers[UploadUuidHeader] = uploadId;
    }
}
