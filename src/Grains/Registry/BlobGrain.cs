using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Owns one blob's lifecycle. Because a grain runs one turn at a time, the publish of an upload,
/// a repository link and a GC delete of the same digest are totally ordered: GC can never remove
/// bytes that a push is linking (DESIGN invariant 4).
/// </summary>
[GrainType("blob")]
public sealed class BlobGrain(
    IBlobMetadata metadata,
    IBlobStore blobStore,
    TimeProvider clock,
    ILogger<BlobGrain> logger) : Grain, IBlobGrain
{
    private readonly HashSet<string> _repositories = new(StringComparer.Ordinal);
    private long _size;
    private BlobState _state = BlobState.Unknown;
    private DateTimeOffset _lastTouched;

    private string Digest => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var record = await metadata.GetBlobAsync(Digest, cancellationToken);
        if (record is null)
        {
            return;
        }

        _size = record.Size;
        _state = record.State;
        _lastTouched = record.LastTouched;
        _repositories.UnionWith(record.Repositories);
    }

    public Task<BlobInfo?> GetAsync() =>
        Task.FromResult(_state == BlobState.Present
            ? new BlobInfo(Digest, _size, _state, _repositories.Count, _lastTouched)
            : null);

    public Task<bool> IsLinkedAsync(string repository) =>
        Task.FromResult(_state == BlobState.Present && _repositories.Contains(repository));

    public Task<IReadOnlyList<string>> GetRepositoriesAsync(int limit) =>
        Task.FromResult<IReadOnlyList<string>>(_state == BlobState.Present
            ? _repositories.Order(StringComparer.Ordinal).Take(Math.Max(limit, 0)).ToList()
            : []);

    public async Task<LinkOutcome> TryPublishAsync(string uploadId, long size, string repository)
    {
        if (_state == BlobState.Deleting)
        {
            return LinkOutcome.BlobGone;
        }

        if (!await TryChargeQuotaAsync(repository, _state == BlobState.Present ? _size : size))
        {
            return LinkOutcome.QuotaExceeded;
        }

        // The store keeps an existing blob and discards the duplicate upload, so publishing twice is harmless.
        await blobStore.PublishAsync(uploadId, Digest, CancellationToken.None);
        if (_state != BlobState.Present)
        {
            _size = size;
        }

        await LinkAsync(repository);
        return LinkOutcome.Linked;
    }

    public async Task<LinkOutcome> TryLinkAsync(string repository, string? sourceRepository)
    {
        if (_state != BlobState.Present)
        {
            return LinkOutcome.BlobGone;
        }

        if (sourceRepository is not null && !_repositories.Contains(sourceRepository))
        {
            return LinkOutcome.NotInSource;
        }

        if (!await TryChargeQuotaAsync(repository, _size))
        {
            return LinkOutcome.QuotaExceeded;
        }

        await LinkAsync(repository);
        return LinkOutcome.Linked;
    }

    public async Task<bool> UnlinkAsync(string repository)
    {
        if (!_repositories.Contains(repository))
        {
            return false;
        }

        await metadata.UnlinkBlobAsync(Digest, repository, CancellationToken.None);
        _repositories.Remove(repository);
        await QuotaOf(repository).ReleaseAsync(QuotaReferenceOf(repository, _size));
        return true;
    }

    public async Task<bool> TryUnlinkIdleAsync(string repository, TimeSpan window) =>
        _state == BlobState.Present && clock.GetUtcNow() - _lastTouched >= window && await UnlinkAsync(repository);

    public async Task<bool> RestoreLinkAsync(string repository)
    {
        if (_state != BlobState.Present)
        {
            return false;
        }

        // A manifest already references the blob here, so its bytes are in use whatever the quota says: link, then charge.
        if (!_repositories.Contains(repository))
        {
            await LinkAsync(repository);
            await QuotaOf(repository).TryChargeAsync(QuotaReferenceOf(repository, _size));
        }

        return true;
    }

    public async Task<BeginDeleteResult> TryBeginDeleteAsync(TimeSpan window)
    {
        switch (_state)
        {
            case BlobState.Deleting:
                // A run that died between marking and removing the bytes: the next run finishes the job.
                return new BeginDeleteResult(DeleteOutcome.Deleted, _size);
            case not BlobState.Present:
                return new BeginDeleteResult(DeleteOutcome.AlreadyGone, 0);
            default:
                break;
        }

        if (_repositories.Count > 0)
        {
            return new BeginDeleteResult(DeleteOutcome.StillReferenced, _size);
        }

        var now = clock.GetUtcNow();
        if (now - _lastTouched < window)
        {
            return new BeginDeleteResult(DeleteOutcome.RecentlyTouched, _size);
        }

        // Deleting is written before any byte goes, so a crash never leaves a Present row without bytes.
        await metadata.SaveBlobAsync(Digest, _size, BlobState.Deleting, now, CancellationToken.None);
        _state = BlobState.Deleting;
        return new BeginDeleteResult(DeleteOutcome.Deleted, _size);
    }

    public async Task<bool> CompleteDeleteAsync()
    {
        if (_state != BlobState.Deleting)
        {
            return false;
        }

        await metadata.DeleteBlobAsync(Digest, CancellationToken.None);
        _state = BlobState.Gone;
        logger.LogDebug("Deleted blob {Digest} ({Size} bytes)", Digest, _size);
        DeactivateOnIdle();
        return true;
    }

    public async Task<BeginDeleteResult> TryDeleteOrphanBytesAsync(TimeSpan window, bool dryRun)
    {
        // Every row write goes through this grain, but another silo's activation could have written one after this
        // activation loaded (a duplicate activation while membership settles): the store decides, not memory.
        if (_state is BlobState.Present or BlobState.Deleting ||
            await metadata.GetBlobAsync(Digest, CancellationToken.None) is not null)
        {
            return new BeginDeleteResult(DeleteOutcome.StillReferenced, _size);
        }

        var written = await blobStore.GetLastWrittenAsync(Digest, CancellationToken.None);
        var stat = written is null ? null : await blobStore.StatAsync(Digest, CancellationToken.None);
        if (written is null || stat is null)
        {
            return new BeginDeleteResult(DeleteOutcome.AlreadyGone, 0);
        }

        if (clock.GetUtcNow() - written.Value < window)
        {
            return new BeginDeleteResult(DeleteOutcome.RecentlyTouched, stat.Size);
        }

        if (!dryRun)
        {
            await blobStore.DeleteAsync(Digest, CancellationToken.None);
            logger.LogInformation("Deleted the orphaned bytes of blob {Digest} ({Size} bytes; no metadata row)", Digest, stat.Size);
        }

        DeactivateOnIdle();
        return new BeginDeleteResult(DeleteOutcome.Deleted, stat.Size);
    }

    /// <summary>
    /// Charges a link into a repository not linked yet to its project's quota, before anything is linked (a link
    /// already there costs nothing). Charge and link are serialized by this grain's turns, as unlink and release are;
    /// a crash between a charge and its link over-counts until the quota is recomputed, never under-counts.
    /// </summary>
    private async Task<bool> TryChargeQuotaAsync(string repository, long size) =>
        (_state == BlobState.Present && _repositories.Contains(repository)) ||
        (await QuotaOf(repository).TryChargeAsync(QuotaReferenceOf(repository, size))).Admitted;

    private IProjectQuotaGrain QuotaOf(string repository) => GrainFactory.GetGrain<IProjectQuotaGrain>(RegistryKeys.ProjectOf(repository));

    private QuotaReference QuotaReferenceOf(string repository, long size) => new(Digest, repository, QuotaReferenceKind.Blob, size);

    private async Task LinkAsync(string repository)
    {
        var now = clock.GetUtcNow();
        await metadata.SaveBlobAndLinkAsync(Digest, _size, BlobState.Present, now, repository, CancellationToken.None);
        _state = BlobState.Present;
        _lastTouched = now;
        _repositories.Add(repository);
    }
}
