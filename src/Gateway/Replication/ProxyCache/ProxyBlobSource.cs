using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Blob misses of proxy-cache repositories. One request per (endpoint, digest) holds the fetch lease and makes the one
/// upstream GET; its bytes stream to its client and into an upload at once (<see cref="TeeReadStream"/>), and the blob
/// is published only when its digest and size check out. Every other request for that blob, on any gateway, waits
/// for the lease to end and then serves the blob from local storage.
/// </summary>
public sealed partial class ProxyBlobSource(
    IGrainFactory grains,
    IBlobStore blobs,
    ProxyUpstream upstream,
    ProxyBandwidth bandwidth,
    IOptions<ProxyCacheOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ProxyBlobSource> logger)
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(10);

    private TimeSpan Lease => options.Value.FetchLease;

    /// <summary>
    /// Makes the blob present and linked to <paramref name="repository"/> (null), or answers the client itself: streamed
    /// from upstream, or upstream's error. Serving a present blob is the caller's ordinary path.
    /// </summary>
    public async Task<IResult?> ServeMissAsync(HttpContext http, ProxyTarget target, string digest)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(target);
        var client = HttpMethods.IsHead(http.Request.Method) ? null : http;
        return await FetchAsync(target, digest, client, http.RequestAborted);
    }

    /// <summary>Caches the blob without a client (the manifest cacher's way); false when upstream could not provide it.</summary>
    public async Task<bool> EnsureCachedAsync(ProxyTarget target, string digest, CancellationToken cancellationToken) =>
        await FetchAsync(target, digest, null, cancellationToken) is null;

    private async Task<IResult?> FetchAsync(ProxyTarget target, string digest, HttpContext? client, CancellationToken cancellationToken)
    {
        var fetch = grains.GetGrain<IProxyFetchGrain>(ProxyCachePaths.BlobFetchKey(target.RegistryId, digest));
        var holder = Guid.NewGuid().ToString("N");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await LinkIfPresentAsync(target.Repository, digest))
            {
                return null;
            }

            if (await fetch.TryAcquireAsync(holder, Lease))
            {
                try
                {
                    // Another holder may have finished between the check above and the grant.
                    return await LinkIfPresentAsync(target.Repository, digest)
                        ? null
                        : await FetchUpstreamAsync(target, digest, client, fetch, holder, cancellationToken);
                }
                finally
                {
                    await fetch.ReleaseAsync(holder);
                }
            }

            await fetch.WaitAsync(WaitSlice);
        }
    }

    private async Task<bool> LinkIfPresentAsync(string repository, string digest)
    {
        var blob = grains.GetGrain<IBlobGrain>(digest);
        if (await blob.GetAsync() is not { State: BlobState.Present })
        {
            return false;
        }

        return await blob.IsLinkedAsync(repository) || await blob.TryLinkAsync(repository, null) == LinkOutcome.Linked;
    }

    /// <summary>The one upstream GET. Null when the blob is now cached and the client (if any) was not answered.</summary>
    private async Task<IResult?> FetchUpstreamAsync(
        ProxyTarget target, string digest, HttpContext? client, IProxyFetchGrain fetch, string holder, CancellationToken cancellationToken)
    {
        OciBlobContent? content;
        try
        {
            var remote = await upstream.OpenAsync(target.RegistryId, cancellationToken);
            content = await upstream.CallAsync(ct => remote.OpenBlobAsync(target.UpstreamRepository, digest, ct), cancellationToken);
        }
        catch (Exception e) when (e is OciRegistryException or HttpRequestException or TimeoutException)
        {
            LogUpstreamFailed(target.UpstreamRepository, digest, e.Message);
            return ProxyUpstreamErrors.ToResult(e, manifest: false, digest, cached: false);
        }

        if (content is null)
        {
            return ProxyUpstreamErrors.NotFound(manifest: false, digest);
        }

        await using (content)
        {
            // A client asking a range gets exactly that range (206) while the whole blob streams into the cache.
            var range = new ByteRange(0, content.Length);
            var resolved = client is null
                ? ByteRange.Parse.Whole
                : ByteRange.TryResolve(client.Request.Headers.Range.ToString(), content.Length, out range);
            if (resolved == ByteRange.Parse.Unsatisfiable)
            {
                client!.Response.Headers.ContentRange = $"bytes */{content.Length}";
                client = null;
            }
            else if (client is not null)
            {
                var response = client.Response;
                response.StatusCode = resolved == ByteRange.Parse.Partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
                response.ContentType = "application/octet-stream";
                response.ContentLength = range.Length;
                response.Headers["Docker-Content-Digest"] = digest;
                response.Headers.AcceptRanges = "bytes";
                response.Headers.ETag = $"\"{digest}\"";
                if (resolved == ByteRange.Parse.Partial)
                {
                    response.Headers.ContentRange = $"bytes {range.Offset}-{range.Offset + range.Length - 1}/{content.Length}";
                }
            }

            using var renewal = new LeaseRenewal(fetch, holder, Lease);
            var cached = await CacheAsync(target, digest, content, client, range);
            if (resolved == ByteRange.Parse.Unsatisfiable)
            {
                return new OciErrorResult(RegistryError.RangeNotSatisfiable, $"range is outside the blob's {content.Length} bytes");
            }

            if (client is null)
            {
                return cached ? null : ProxyUpstreamErrors.NotFound(manifest: false, digest);
            }

            if (!cached)
            {
                // The client got bytes that do not match their digest (or too few): end the response as failed.
                client.Abort();
            }

            return Results.Empty;
        }
    }

    /// <summary>Streams upstream bytes into a new upload (and to the client), verifies them and publishes the blob.</summary>
    private async Task<bool> CacheAsync(ProxyTarget target, string digest, OciBlobContent content, HttpContext? client, ByteRange clientRange)
    {
        // The caching outlives a client that disconnects; only shutting down stops it.
        var caching = lifetime.ApplicationStopping;
        var uploadId = Guid.NewGuid().ToString("D");
        var upload = grains.GetGrain<IUploadGrain>(uploadId);
        await upload.StartAsync(target.Repository);
        var published = false;
        try
        {
            var tee = new TeeReadStream(bandwidth.Limit(target, content.Content), client?.Response.Body, client?.RequestAborted ?? CancellationToken.None, clientRange);
            long size;
            string? actual;
            await using (var writer = await blobs.OpenUploadAsync(uploadId, 0, caching))
            {
                await writer.AppendAsync(tee, content.Length, caching);
                await writer.FlushAsync(caching);
                size = writer.Size;
                actual = writer.CurrentDigest ?? (await blobs.DigestUploadAsync(uploadId, caching))?.Digest;
            }

            if (size != content.Length || !string.Equals(actual, digest, StringComparison.Ordinal))
            {
                LogDigestMismatch(target.UpstreamRepository, digest, actual, size);
                return false;
            }

            var outcome = await grains.GetGrain<IBlobGrain>(digest).PublishAsync(uploadId, size, target.Repository, caching);
            if (outcome != LinkOutcome.Linked)
            {
                LogNotPublished(digest, target.Repository, outcome);
                return client is not null && !tee.ClientGone;
            }

            await upload.CompleteAsync();
            published = true;
            LogCached(digest, target.Repository, size, tee.ClientGone);
            return true;
        }
        catch (Exception e) when (e is OciRegistryException or HttpRequestException or IOException or InvalidDataException or OperationCanceledException)
        {
            LogUpstreamFailed(target.UpstreamRepository, digest, e.Message);
            return false;
        }
        finally
        {
            if (!published)
            {
                await upload.CancelAsync();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: upstream blob {Repository}@{Digest} failed: {Problem}")]
    private partial void LogUpstreamFailed(string repository, string digest, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: upstream blob {Repository}@{Digest} hashed to {Actual} ({Size} bytes); not cached")]
    private partial void LogDigestMismatch(string repository, string digest, string? actual, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: blob {Digest} was not published to {Repository}: {Outcome}")]
    private partial void LogNotPublished(string digest, string repository, LinkOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy cache: cached blob {Digest} ({Size} bytes) in {Repository}; client gone before the end: {ClientGone}")]
    private partial void LogCached(string digest, string repository, long size, bool clientGone);
}

/// <summary>
/// A repository of a proxy-cache project and what it mirrors; <see cref="SpeedKibPerSecond"/> is the project's
/// <c>proxy_speed_kb</c> (-1 or 0: unlimited).
/// </summary>
public sealed record ProxyTarget(string Project, long RegistryId, string Repository, string UpstreamRepository, long ProjectId = 0, int SpeedKibPerSecond = -1);
