using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Transfer;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Manifest pulls of proxy-cache repositories: serve the cached manifest while it is fresh
/// (<see cref="ManifestFreshness"/>), revalidate it with HEAD after the TTL, fetch it upstream on a miss (one request
/// per reference across gateways, through <see cref="IProxyFetchGrain"/>, whose copy of the bytes serves the
/// waiters), and serve what is cached when upstream is down, timing out or rate limiting.
/// </summary>
public sealed partial class ProxyManifestSource(
    IGrainFactory grains,
    ProxyUpstream upstream,
    ProxyManifestCacher cacher,
    IOptions<ProxyCacheOptions> options,
    TimeProvider clock,
    ILogger<ProxyManifestSource> logger)
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(10);

    /// <summary>The manifest to serve, or an error to answer; <see cref="ProxyManifestAnswer.Local"/> means the cached copy.</summary>
    public async Task<ProxyManifestAnswer> ResolveAsync(ProxyTarget target, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var byDigest = OciGrammar.LooksLikeDigest(reference);
        var repository = grains.GetGrain<IRepositoryGrain>(target.Repository);
        var fetch = grains.GetGrain<IProxyFetchGrain>(ProxyCachePaths.ManifestFetchKey(target.RegistryId, target.UpstreamRepository, reference));
        var holder = Guid.NewGuid().ToString("N");
        var asked = clock.GetUtcNow();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var local = await repository.GetManifestAsync(reference);
            var confirmation = await fetch.GetConfirmationAsync();
            var action = ManifestFreshness.Decide(byDigest, local?.Digest, confirmation, clock.GetUtcNow(), options.Value.ManifestTtl);
            if (action == ManifestAction.ServeLocal)
            {
                return ProxyManifestAnswer.Local;
            }

            // Bytes a concurrent request fetched since this one asked: no second upstream request.
            if (confirmation is { Manifest: { } shared } && confirmation.At >= asked)
            {
                return ProxyManifestAnswer.From(shared);
            }

            if (action == ManifestAction.Revalidate && await RevalidateAsync(target, reference, local!, fetch, cancellationToken) is { } revalidated)
            {
                return revalidated;
            }

            if (await fetch.TryAcquireAsync(holder, options.Value.FetchLease))
            {
                try
                {
                    return await FetchAsync(target, reference, local, fetch, cancellationToken);
                }
                finally
                {
                    await fetch.ReleaseAsync(holder);
                }
            }

            await fetch.WaitAsync(WaitSlice);
        }
    }

    /// <summary>HEAD upstream: the cached digest still current (or upstream unavailable) serves the cache; null means fetch.</summary>
    private async Task<ProxyManifestAnswer?> RevalidateAsync(
        ProxyTarget target, string reference, ManifestContent local, IProxyFetchGrain fetch, CancellationToken cancellationToken)
    {
        OciDescriptor? current;
        try
        {
            var remote = await upstream.OpenAsync(target.RegistryId, cancellationToken);
            current = await upstream.CallAsync(ct => remote.HeadManifestAsync(target.UpstreamRepository, reference, ct), cancellationToken);
        }
        catch (Exception e) when (IsUpstreamFailure(e))
        {
            if (ProxyUpstreamErrors.IsUnavailable(e))
            {
                LogServingStale(target.Repository, reference, e.Message);
                return ProxyManifestAnswer.Local;
            }

            return ProxyManifestAnswer.Failed(ProxyUpstreamErrors.ToResult(e, manifest: true, reference, cached: true));
        }

        if (current is null)
        {
            return ProxyManifestAnswer.Failed(ProxyUpstreamErrors.NotFound(manifest: true, reference));
        }

        if (!string.Equals(current.Digest, local.Digest, StringComparison.Ordinal))
        {
            return null;
        }

        await fetch.ConfirmAsync(new UpstreamConfirmation(current.Digest, clock.GetUtcNow(), null));
        return ProxyManifestAnswer.Local;
    }

    private async Task<ProxyManifestAnswer> FetchAsync(
        ProxyTarget target, string reference, ManifestContent? local, IProxyFetchGrain fetch, CancellationToken cancellationToken)
    {
        OciManifest? manifest;
        try
        {
            var remote = await upstream.OpenAsync(target.RegistryId, cancellationToken);
            manifest = await upstream.CallAsync(ct => remote.GetManifestAsync(target.UpstreamRepository, reference, ct), cancellationToken);
        }
        catch (Exception e) when (IsUpstreamFailure(e))
        {
            if (local is not null && ProxyUpstreamErrors.IsUnavailable(e))
            {
                LogServingStale(target.Repository, reference, e.Message);
                return ProxyManifestAnswer.Local;
            }

            LogUpstreamFailed(target.UpstreamRepository, reference, e.Message);
            return ProxyManifestAnswer.Failed(ProxyUpstreamErrors.ToResult(e, manifest: true, reference, cached: local is not null));
        }

        if (manifest is null)
        {
            return ProxyManifestAnswer.Failed(ProxyUpstreamErrors.NotFound(manifest: true, reference));
        }

        var proxied = new ProxiedManifest(manifest.Digest, manifest.MediaType, manifest.Content);
        await fetch.ConfirmAsync(new UpstreamConfirmation(manifest.Digest, clock.GetUtcNow(), proxied));
        if (!string.Equals(local?.Digest, manifest.Digest, StringComparison.Ordinal))
        {
            cacher.Schedule(target, reference, proxied);
        }

        return ProxyManifestAnswer.From(proxied);
    }

    private static bool IsUpstreamFailure(Exception e) =>
        e is OciRegistryException or HttpRequestException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: upstream unavailable for {Repository}:{Reference} ({Problem}); serving the cached manifest")]
    private partial void LogServingStale(string repository, string reference, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: upstream manifest {Repository}:{Reference} failed: {Problem}")]
    private partial void LogUpstreamFailed(string repository, string reference, string problem);
}

/// <summary>What a proxy-cache manifest pull serves: the cached copy, upstream's bytes, or an error.</summary>
public sealed record ProxyManifestAnswer(bool UseLocal, ManifestContent? Manifest, IResult? Error)
{
    public static ProxyManifestAnswer Local { get; } = new(true, null, null);

    public static ProxyManifestAnswer From(ProxiedManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(false, new ManifestContent(manifest.Digest, manifest.MediaType, manifest.Content, null), null);
    }

    public static ProxyManifestAnswer Failed(IResult error) => new(false, null, error);
}
