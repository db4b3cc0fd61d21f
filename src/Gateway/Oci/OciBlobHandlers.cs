using System.Buffers;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Oci;

/// <summary>end-2 (blob GET/HEAD with Range) and end-10 (blob DELETE).</summary>
public static class OciBlobHandlers
{
    private const int CopyBufferSize = 256 * 1024;

    public static async Task<IResult> GetAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var digest = request.Reference;
        if (!OciGrammar.IsValidDigest(digest))
        {
            return new OciErrorResult(RegistryError.DigestInvalid, $"'{digest}' is not a valid sha256 digest");
        }

        var blob = request.Blob(digest);
        var info = await blob.GetAsync();
        if (info is null || !await blob.IsLinkedAsync(request.Name))
        {
            // A proxy-cache repository fetches the blob upstream: answered from there, or cached and served below.
            if (await request.ProxyCache.ServeBlobMissAsync(request) is { } proxied)
            {
                return proxied;
            }

            info = await blob.GetAsync();
            if (info is null || !await blob.IsLinkedAsync(request.Name))
            {
                return new OciErrorResult(RegistryError.BlobUnknown, $"blob {digest} is not in repository {request.Name}");
            }
        }

        var response = request.Http.Response;
        var resolved = ByteRange.TryResolve(request.Http.Request.Headers.Range.ToString(), info.Size, out var range);
        if (resolved == ByteRange.Parse.Unsatisfiable)
        {
            response.Headers.ContentRange = $"bytes */{info.Size}";
            return new OciErrorResult(RegistryError.RangeNotSatisfiable, $"range is outside the blob's {info.Size} bytes");
        }

        if (await request.Blobs.TryGetDownloadUrlAsync(digest, request.Aborted) is { } redirect)
        {
            return Results.Redirect(redirect.ToString(), permanent: false, preserveMethod: true);
        }

        response.Headers["Docker-Content-Digest"] = digest;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{digest}\"";
        response.ContentType = "application/octet-stream";
        response.ContentLength = range.Length;
        if (resolved == ByteRange.Parse.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.Offset}-{range.Offset + range.Length - 1}/{info.Size}";
        }

        if (HttpMethods.IsHead(request.Http.Request.Method))
        {
            return Results.Empty;
        }

        var stream = await request.Blobs.OpenReadAsync(digest, request.Aborted);
        if (stream is null)
        {
            response.Headers.Remove("Docker-Content-Digest");
            response.ContentLength = null;
            response.StatusCode = StatusCodes.Status200OK;
            return new OciErrorResult(RegistryError.BlobUnknown, $"blob {digest} has no bytes in the store");
        }

        await using (stream)
        {
            await CopyRangeAsync(stream, response.Body, range, request.Aborted);
        }

        return Results.Empty;
    }

    public static async Task<IResult> DeleteAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OciGrammar.IsValidDigest(request.Reference))
        {
            return new OciErrorResult(RegistryError.DigestInvalid, $"'{request.Reference}' is not a valid sha256 digest");
        }

        var deleted = await request.Repository.TryDeleteBlobAsync(request.Reference);
        return deleted.Succeeded
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : new OciErrorResult(deleted.Error, deleted.Message!);
    }

    private static async Task CopyRangeAsync(Stream source, Stream destination, ByteRange range, CancellationToken cancellationToken)
    {
        if (range.Offset > 0)
        {
            source.Seek(range.Offset, SeekOrigin.Begin);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var remaining = range.Length;
            while (remaining > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
