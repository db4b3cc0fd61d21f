using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Stores a manifest fetched upstream once its blobs are present, in the background so the client that asked is
/// answered at once. Rather than poll for the client to pull the blobs (Harbor), it caches them itself through the blob
/// single flight: a blob the client is pulling at the same moment is still fetched once (one of the two waits for the
/// other), and the manifest lands even when the client stops half-way. An index is stored at once, ahead of its child
/// manifests: a fleet pulls one platform of a multi-arch image, and an index that waited for all its children would
/// never be stored, so every pull of its tag would go upstream again. Each child is cached when a client pulls it by
/// digest (the ordinary miss), and the index's recorded references tie it to the index from then on.
/// </summary>
public sealed partial class ProxyManifestCacher(
    IGrainFactory grains,
    ProxyBlobSource blobs,
    ProxyPendingPulls pendingPulls,
    IHostApplicationLifetime lifetime,
    ILogger<ProxyManifestCacher> logger)
{
    public void Schedule(ProxyTarget target, string reference, ProxiedManifest manifest) =>
        _ = Task.Run(() => CacheAsync(target, reference, manifest, lifetime.ApplicationStopping));

    /// <summary>Caches the manifest's blobs and stores it (an index without waiting for its children); false when it could not.</summary>
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

            foreach (var blob in parsed.Manifest.References.Where(r => r.Kind == ReferenceKind.Blob))
            {
                if (!await blobs.EnsureCachedAsync(target, blob.Digest, cancellationToken))
                {
                    LogNotStored(target.Repository, reference, $"blob {blob.Digest} could not be cached");
                    return false;
                }
            }

            var repository = grains.GetGrain<IRepositoryGrain>(target.Repository);
            var stored = await repository.PutManifestAsync(
                new PutManifestRequest(reference, manifest.MediaType, manifest.Content, AllowAbsentChildren: true));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy cache: stored manifest {Repository}:{Reference} ({Digest})")]
    private partial void LogStored(string repository, string reference, string digest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: manifest {Repository}:{Reference} not stored: {Problem}")]
    private partial void LogNotStored(string repository, string reference, string problem);
}
