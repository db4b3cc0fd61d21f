using System.Buffers;
using System.Security.Cryptography;

namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Appends to one upload file of a <see cref="FileSystemBlobStore"/>, hashing every byte it writes.
/// Holds the upload's running hash while open and hands it back to the cache on dispose, unless an
/// append failed half way (then the file and the hash may disagree and the hash is dropped).
/// </summary>
internal sealed class FileSystemUploadWriter : IUploadWriter
{
    private const int BufferSize = 1024 * 1024;

    private readonly string _uploadId;
    private readonly FileStream _file;
    private readonly UploadHashCache _cache;
    private IncrementalHash? _hash;
    private bool _disposed;

    public FileSystemUploadWriter(string uploadId, FileStream file, IncrementalHash? hash, UploadHashCache cache)
    {
        _uploadId = uploadId;
        _file = file;
        _hash = hash;
        _cache = cache;
        Size = file.Length;
    }

    public long Size { get; private set; }

    public string? CurrentDigest =>
        _hash is null ? null : BlobHashing.CurrentDigest(_hash);

    public async Task<long> AppendAsync(Stream source, long? maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (maxBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "Must not be negative.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long appended = 0;
        var completed = false;
        try
        {
            while (true)
            {
                // Ask for one byte more than the limit allows so an oversized body is detected
                // before any byte past the limit reaches the file.
                var want = maxBytes is { } max && max - appended < BufferSize ? (int)(max - appended) + 1 : BufferSize;
                var read = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                if (maxBytes is { } limit && appended + read > limit)
                {
                    throw new InvalidDataException($"Upload '{_uploadId}' chunk exceeds the limit of {limit} bytes.");
                }

                await _file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                _hash?.AppendData(buffer, 0, read);
                appended += read;
                Size += read;
            }

            completed = true;
            return appended;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!completed)
            {
                // The file may hold part of a chunk the hash has not seen (or the other way round).
                DropHash();
                try
                {
                    Size = _file.Length;
                }
                catch (IOException)
                {
                    // Size stays at the bytes known written; the caller discards or reopens the upload.
                }
            }
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _file.DisposeAsync();
        }
        catch
        {
            DropHash();
            throw;
        }

        if (_hash is { } hash)
        {
            _hash = null;

            // A writer disposed after its upload was published or deleted must not re-add a dead entry.
            if (File.Exists(_file.Name))
            {
                _cache.Return(_uploadId, hash, Size);
            }
            else
            {
                hash.Dispose();
            }
        }
    }

    private void DropHash()
    {
        _hash?.Dispose();
        _hash = null;
    }
}
