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
/// for the lease to end and then serves the blob from local storage; except a request for a range far ahead of what
/// the download has brought (<see cref="FarRange"/>, <see cref="ProxyCacheOptions.ColdRangeThreshold"/>), which is
/// answered from upstream with a ranged GET passed through while the one whole download goes on for the cache.
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

    private FarRange Far => new(options.Value.ColdRangeThreshold);

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
        var askedForRange = false;
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

            if (client is not null && !askedForRange && await FarRangeOfAsync(client, fetch) is { } far)
            {
                // Asked once: when upstream would not give the range alone, this request waits like the others.
                askedForRange = true;
                if (await PassThroughAsync(client, target, digest, far, cancellationToken))
                {
                    return Results.Empty;
                }
            }

            await fetch.WaitAsync(WaitSlice);
        }
    }

    /// <summary>The upstream range to ask for when the client's range is far ahead of the holder's download, else null.</summary>
    private async Task<string?> FarRangeOfAsync(HttpContext client, IProxyFetchGrain fetch)
    {
        var header = client.Request.Headers.Range.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var progress = await fetch.GetProgressAsync();
        return Far.UpstreamRange(header, progress?.Arrived ?? 0, progress?.Length ?? -1);
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
            if (resolved == ByteRange.Parse.Partial && Far.UpstreamRange(client!.Request.Headers.Range.ToString(), 0, content.Length) is { } far)
            {
                return await PassThroughWhileCachingAsync(target, digest, content, client, far, fetch, holder, cancellationToken);
            }

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
            var cached = await CacheAsync(target, digest, content, client, range, fetch, holder);
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

    /// <summary>
    /// The holder's own range is far into the blob: it is asked of upstream alone while the whole download, just opened,
    /// goes on into the cache without a client. Null when upstream would not give the range and the blob is cached now
    /// (the caller serves it from storage).
    /// </summary>
    private async Task<IResult?> PassThroughWhileCachingAsync(
        ProxyTarget target, string digest, OciBlobContent content, HttpContext client, string range, IProxyFetchGrain fetch, string holder,
        CancellationToken cancellationToken)
    {
        using var renewal = new LeaseRenewal(fetch, holder, Lease);
        var passing = PassThroughAsync(client, target, digest, range, cancellationToken);
        var cached = await CacheAsync(target, digest, content, null, new ByteRange(0, content.Length), fetch, holder);
        if (await passing)
        {
            return Results.Empty;
        }

        return cached ? null : ProxyUpstreamErrors.NotFound(manifest: false, digest);
    }

    /// <summary>
    /// Answers the client with upstream's 206 for <paramref name="range"/>, streamed through. False, with nothing written
    /// to the client, when upstream did not answer the range (the client is then served another way).
    /// </summary>
    private async Task<bool> PassThroughAsync(HttpContext client, ProxyTarget target, string digest, string range, CancellationToken cancellationToken)
    {
        OciBlobPart? part;
        try
        {
            var remote = await upstream.OpenAsync(target.RegistryId, cancellationToken);
            part = await upstream.CallAsync(ct => remote.OpenBlobRangeAsync(target.UpstreamRepository, digest, range, ct), cancellationToken);
        }
        catch (Exception e) when (e is OciRegistryException or HttpRequestException or TimeoutException)
        {
            LogRangeNotPassed(target.UpstreamRepository, digest, range, e.Message);
            return false;
        }

        if (part is null)
        {
            LogRangeNotPassed(target.UpstreamRepository, digest, range, "upstream did not answer it with 206");
            return false;
        }

        await using (part)
        {
            var response = client.Response;
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.ContentType = "application/octet-stream";
            response.ContentLength = part.Length;
            response.Headers["Docker-Content-Digest"] = digest;
            response.Headers.AcceptRanges = "bytes";
            response.Headers.ETag = $"\"{digest}\"";
            response.Headers.ContentRange = part.ContentRange;
            try
            {
                await bandwidth.Limit(target, part.Content).CopyToAsync(response.Body, client.RequestAborted);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or OciRegistryException)
            {
                // Headers are gone already: end the response as failed rather than short.
                LogRangeNotPassed(target.UpstreamRepository, digest, range, e.Message);
                client.Abort();
                return true;
            }

            LogRangePassed(target.UpstreamRepository, digest, part.ContentRange);
            return true;
        }
    }

    /// <summary>Streams upstream bytes into a new upload (and to the client), verifies them and publishes the blob.</summary>
    private async Task<bool> CacheAsync(
        ProxyTarget target, string digest, OciBlobContent content, HttpContext? client, ByteRange clientRange, IProxyFetchGrain fetch, string holder)
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
            using var progress = new FetchProgressReport(fetch, holder, content.Length, () => tee.BytesRead);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy cache: range {Range} of blob {Repository}@{Digest} not passed through from upstream: {Problem}")]
    private partial void LogRangeNotPassed(string repository, string digest, string range, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Proxy cache: {ContentRange} of blob {Repository}@{Digest} passed through from upstream")]
    private partial void LogRangePassed(string repository, string digest, string contentRange);

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
