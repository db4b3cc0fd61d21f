using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Orders the chunks of one upload session across gateways. The session row is durable, so an
/// upload resumes after a restart at its last acknowledged offset.
/// </summary>
[GrainType("upload")]
public sealed class UploadGrain(IUploadMetadata metadata, IBlobStore blobStore, TimeProvider clock) : Grain, IUploadGrain
{
    /// <summary>A writer that vanished without ending its chunk stops blocking the session after this.</summary>
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromHours(1);

    private UploadRecord? _upload;
    private DateTimeOffset? _leaseExpires;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _upload = await metadata.GetUploadAsync(Id, cancellationToken);

    public async Task<UploadInfo> StartAsync(string repository)
    {
        var now = clock.GetUtcNow();
        _upload = new UploadRecord(Id, repository, 0, now, now);
        await metadata.SaveUploadAsync(_upload, CancellationToken.None);
        return ToInfo(_upload);
    }

    public Task<UploadInfo?> GetAsync() => Task.FromResult(_upload is null ? null : ToInfo(_upload));

    public Task<ChunkLease> TryBeginChunkAsync(long? start)
    {
        if (_upload is null)
        {
            return Task.FromResult(new ChunkLease(RegistryError.BlobUploadUnknown, 0, null));
        }

        var now = clock.GetUtcNow();
        if (_leaseExpires is { } expires && expires > now)
        {
            return Task.FromResult(new ChunkLease(RegistryError.BlobUploadInvalid, _upload.Offset, _upload.Repository));
        }

        if (start is { } s && s != _upload.Offset)
        {
            return Task.FromResult(new ChunkLease(RegistryError.RangeInvalid, _upload.Offset, _upload.Repository));
        }

        _leaseExpires = now + LeaseDuration;
        return Task.FromResult(new ChunkLease(RegistryError.None, _upload.Offset, _upload.Repository));
    }

    public async Task<UploadInfo?> EndChunkAsync(long newOffset)
    {
        _leaseExpires = null;
        if (_upload is null)
        {
            return null;
        }

        if (newOffset != _upload.Offset)
        {
            _upload = _upload with { Offset = newOffset, UpdatedAt = clock.GetUtcNow() };
            await metadata.SaveUploadAsync(_upload, CancellationToken.None);
        }

        return ToInfo(_upload);
    }

    public async Task CompleteAsync()
    {
        _leaseExpires = null;
        if (_upload is null)
        {
            return;
        }

        _upload = null;
        await metadata.DeleteUploadAsync(Id, CancellationToken.None);
        DeactivateOnIdle();
    }

    public async Task<bool> CancelAsync()
    {
        if (_upload is null)
        {
            return false;
        }

        _upload = null;
        _leaseExpires = null;
        await metadata.DeleteUploadAsync(Id, CancellationToken.None);
        await blobStore.DeleteUploadAsync(Id, CancellationToken.None);
        DeactivateOnIdle();
        return true;
    }

    private static UploadInfo ToInfo(UploadRecord record) =>
        new(record.Id, record.Repository, record.Offset, record.StartedAt);
}
