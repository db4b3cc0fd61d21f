using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Stores a manifest fetched upstream once the repository can take it (its blobs and child manifests present), in the
/// background so the client that asked is answered at once. Rather than poll for the client to pull the blobs (Harbor),
/// it caches them itself through the blob single flight: a blob the client is pulling at the same moment is still
/// fetched once (one of the two waits for the other), and the manifest lands even when the client stops half-way.
/// Child manifests of an index are cached when clients pull them; the index waits for them a bounded time.
/// </summary>
public sealed partial class ProxyManifestCacher(
    IGrainFactory grains,
    ProxyBlobSource blobs,
    ProxyPendingPulls pendingPulls,
    IOptions<ProxyCacheOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<ProxyManifestCacher> logger)
{
    private static readonly TimeSpan ChildPoll = TimeSpan.FromSeconds(1);

    public void Schedule(ProxyTarget target, string reference, ProxiedManifest manifest) =>
        _ = Task.Run(() => CacheAsync(target, reference, manifest, lifetime.ApplicationStopping));

    /// <summary>Caches the manifest's blobs, waits for its child manifests and stores it; false when it could not.</summary>
    public async Task<bool> CacheAsync(ProxyTarget target, string reference, ProxiedManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            var parsed = ManifestParser.Parse(manifest.Content, manifest.MediaType);
            if (parsed.Manifest is null)
            {
                LogNotStored(target.Repository, reference, parsed.Message ?? "unparseable");
                return false;
            }

            var repository = grains.GetGrain<IRepositoryGrain>(target.Repository);
            foreach (var blob in parsed.Manifest.References.Where(r => r.Kind == ReferenceKind.Blob))
            {
                if (!await blobs.EnsureCachedAsync(target, blob.Digest, cancellationToken))
                {
                    LogNotStored(target.Repository, reference, $"blob {blob.Digest} could not be cached");
                    return false;
                }
            }

            var children = parsed.Manifest.References.Where(r => r.Kind == ReferenceKind.Manifest).Select(r => r.Digest).ToList();
            if (!await WaitForChildrenAsync(repository, children, cancellationToken))
            {
                LogNotStored(target.Repository, reference, "its child manifests were not pulled in time");
                return false;
            }

            var stored = await repository.PutManifestAsync(new PutManifestRequest(reference, manifest.MediaType, manifest.Content));
            if (!stored.Succeeded)
            {
                LogNotStored(target.Repository, reference, stored.Message ?? stored.Error.ToString());
                return false;
            }

            pendingPulls.Stored(target.Repository, manifest.Digest);
            LogStored(target.Repository, reference, manifest.Digest);
            return true;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException or IOException)
        {
            LogNotStored(target.Repository, reference, e.Message);
            return false;
        }
    }

    private async Task<bool> WaitForChildrenAsync(IRepositoryGrain repository, List<string> children, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.IndexChildrenWait;
        while (true)
        {
            var missing = 0;
            foreach (var child in children)
            {
                if (await repository.GetManifestAsync(child) is null)
                {
                    missing++;
                }
            }

            if (missing == 0)
            {
                return true;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(ChildPoll, clock, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy cache: stored manifest {Repository}:{Reference} ({Digest})")]
    private partial void LogStored(string repository, string reference, string digest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: manifest {Repository}:{Reference} not stored: {Problem}")]
    private partial void LogNotStored(string repository, string reference, string problem);
}
