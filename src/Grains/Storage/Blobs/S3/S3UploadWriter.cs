using System.Buffers;
using System.Security.Cryptography;

namespace ArtifactKeeper.Storage.Blobs.S3;

/// <summary>
/// Appends to one upload of an <see cref="S3BlobStore"/>. Bytes collect in a pending buffer of one
/// part; a full buffer becomes the next multipart part at once, and <see cref="FlushAsync"/> stores
/// the rest as a new tail object and then commits the upload state, in that order, so the state S3
/// holds always describes bytes that are really there. Parts cut but not yet committed are simply
/// overwritten by whichever writer cuts that part number next.
/// </summary>
internal sealed class S3UploadWriter : IUploadWriter
{
    private const int ReadSize = 1024 * 1024;

    private readonly S3BlobStore _store;
    private readonly string _uploadId;
    private readonly List<S3UploadPart> _parts;
    private readonly int _partSize;
    private byte[] _pending;
    private int _pendingLength;
    private S3UploadState _committed;
    private string? _multipartId;
    private string? _multipartKey;

    // The newest tail object holding a prefix of _pending (it starts where the parts end).
    private string? _tailKey;
    private long _tailLength;
    private IncrementalHash? _hash;
    private bool _dirty;
    private bool _disposed;

    /// <param name="start">Parts and tail the writer continues from.</param>
    /// <param name="durable">The state S3 holds now (differs from <paramref name="start"/> until a cut-back or restart is flushed).</param>
    public S3UploadWriter(S3BlobStore store, string uploadId, S3UploadState start, S3UploadState durable, IncrementalHash? hash)
    {
        _store = store;
        _uploadId = uploadId;
        _committed = durable;
        _partSize = start.PartSize;
        _parts = [.. start.Parts];
        _multipartId = start.MultipartUploadId;
        _multipartKey = start.MultipartKey;
        _tailKey = start.TailKey;
        _tailLength = start.TailLength;
        _hash = hash;
        _pending = ArrayPool<byte>.Shared.Rent(_partSize);
    }

    public long Size => (long)_parts.Count * _partSize + _pendingLength;

    public string? CurrentDigest => _hash is null ? null : BlobHashing.CurrentDigest(_hash);

    /// <summary>
    /// Opens <paramref name="state"/> at <paramref name="offset"/> (at most its size), cutting it back
    /// first when it holds more: the tail is shortened, or the parts from the one holding the offset
    /// on are dropped and that part's head comes back from the tail object it was cut from.
    /// </summary>
    public static async Task<S3UploadWriter> ResumeAsync(
        S3BlobStore store, string uploadId, S3UploadState state, long offset, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var partSize = state.PartSize;
        var keptParts = (int)Math.Min(offset / partSize, state.Parts.Count);
        var head = (int)(offset - (long)keptParts * partSize);
        string? source;
        if (keptParts == state.Parts.Count)
        {
            source = state.TailKey;
        }
        else
        {
            var part = state.Parts[keptParts];
            if (head > 0 && (part.BaseTailKey is null || part.BaseTailLength < head))
            {
                throw new UploadNotFoundException(
                    $"Upload '{uploadId}' cannot be cut back to {offset} bytes: that offset was never flushed on its own.");
            }

            source = part.BaseTailKey;
        }

        var truncated = offset < state.Size;
        var resumed = truncated
            ? state with { Parts = state.Parts.Take(keptParts).ToList(), TailKey = null, TailLength = 0 }
            : state;
        var writer = new S3UploadWriter(store, uploadId, resumed, state, hash);
        try
        {
            if (head > 0)
            {
                await store.ReadPrefixAsync(source!, writer._pending.AsMemory(0, head), cancellationToken);
                writer._pendingLength = head;
            }

            if (truncated)
            {
                // Commit the cut now, as the file store truncates on open: the dropped bytes are gone.
                writer._dirty = true;
                await writer.FlushAsync(cancellationToken);
            }

            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public async Task<long> AppendAsync(Stream source, long? maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (maxBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "Must not be negative.");
        }

        long appended = 0;
        var completed = false;
        try
        {
            while (true)
            {
                if (_pendingLength == _partSize)
                {
                    await CutPartAsync(cancellationToken);
                }

                // Ask for one byte more than the limit allows so an oversized body is detected before
                // any byte past the limit counts as appended.
                var room = Math.Min(_partSize - _pendingLength, ReadSize);
                var want = maxBytes is { } max && max - appended < room ? (int)(max - appended) + 1 : room;
                var read = await source.ReadAsync(_pending.AsMemory(_pendingLength, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                if (maxBytes is { } limit && appended + read > limit)
                {
                    throw new InvalidDataException($"Upload '{_uploadId}' chunk exceeds the limit of {limit} bytes.");
                }

                _hash?.AppendData(_pending, _pendingLength, read);
                _pendingLength += read;
                appended += read;
                _dirty = true;
            }

            completed = true;
            return appended;
        }
        finally
        {
            if (!completed)
            {
                // Same rule as the file store: after a failed append the running hash is not trusted.
                DropHash();
            }
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_dirty)
        {
            return;
        }

        if (_pendingLength == 0)
        {
            _tailKey = null;
            _tailLength = 0;
        }
        else if (_tailKey is null || _tailLength != _pendingLength)
        {
            var key = S3Keys.NewTail(_uploadId);
            await _store.PutAsync(key, _pending.AsMemory(0, _pendingLength), cancellationToken);
            _tailKey = key;
            _tailLength = _pendingLength;
        }

        var state = new S3UploadState(
            S3UploadState.NewVersion(), _partSize, _multipartId, _multipartKey, [.. _parts], _tailKey, _tailLength, null, 0);
        await _store.WriteStateAsync(_uploadId, state, cancellationToken);

        // The previous tail is garbage unless a part still needs it to be cut back to.
        var previous = _committed.TailKey;
        _committed = state;
        _dirty = false;
        if (previous is not null && previous != _tailKey && !_parts.Any(p => p.BaseTailKey == previous))
        {
            await _store.DeleteKeysAsync([previous], cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_pending);
        _pending = [];

        if (_hash is { } hash)
        {
            _hash = null;

            // Only a hash of exactly the committed bytes may be continued; the state's version makes
            // sure no other gateway has changed the upload since.
            if (_dirty)
            {
                hash.Dispose();
            }
            else
            {
                _store.Hashes.Return(S3BlobStore.CacheKey(_uploadId, _committed.Version), hash, _committed.Size);
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task CutPartAsync(CancellationToken cancellationToken)
    {
        var number = _parts.Count + 1;
        if (number > S3BlobStore.MaxParts)
        {
            throw new InvalidDataException(
                $"Upload '{_uploadId}' exceeds {S3BlobStore.MaxParts} parts of {_partSize} bytes, the most one S3 multipart upload holds.");
        }

        if (_multipartId is null)
        {
            _multipartKey = S3Keys.NewData(_uploadId);
            _multipartId = await _store.StartMultipartAsync(_multipartKey, cancellationToken);

            // Recorded at once (with the old parts and tail) so a deleted upload can always abort it.
            _committed = _committed with { Version = S3UploadState.NewVersion(), MultipartUploadId = _multipartId, MultipartKey = _multipartKey };
            await _store.WriteStateAsync(_uploadId, _committed, cancellationToken);
        }

        var etag = await _store.UploadPartAsync(_multipartKey!, _multipartId, number, _pending.AsMemory(0, _partSize), cancellationToken);
        _parts.Add(new S3UploadPart(number, etag, _tailKey, _tailKey is null ? 0 : _tailLength));
        _pendingLength = 0;
        _tailKey = null;
        _tailLength = 0;
    }

    private void DropHash()
    {
        _hash?.Dispose();
        _hash = null;
    }
}
