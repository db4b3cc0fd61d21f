using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// A read-only stream over an upstream blob that hands the chunks it reads to the client as well, so one upstream
/// read feeds both the client and the cache. The client gets only the bytes of its <see cref="ByteRange"/> (all of
/// them when it asked for the whole blob) while the cache reads everything. When the client goes away the reading
/// (the caching) goes on without it: the bytes are on their way anyway and the next pull wants them.
/// </summary>
public sealed class TeeReadStream(Stream source, Stream? client, CancellationToken clientAborted, ByteRange? clientRange = null) : Stream
{
    private readonly long _clientStart = clientRange?.Offset ?? 0;
    private readonly long _clientEnd = clientRange is { } range ? range.Offset + range.Length : long.MaxValue;
    private Stream? _client = client;
    private long _position;

    /// <summary>How many bytes were read from the source so far (readable from any thread).</summary>
    public long BytesRead => Volatile.Read(ref _position);

    /// <summary>True once a write to the client failed (it disconnected); the rest was cached only.</summary>
    public bool ClientGone { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        var at = _position;
        Volatile.Write(ref _position, at + read);
        if (read > 0 && _client is not null)
        {
            await ToClientAsync(buffer[..read], at);
        }

        return read;
    }

    /// <summary>Writes the part of <paramref name="chunk"/> (read at <paramref name="at"/>) inside the client's range.</summary>
    private async Task ToClientAsync(ReadOnlyMemory<byte> chunk, long at)
    {
        var from = Math.Max(at, _clientStart);
        var to = Math.Min(at + chunk.Length, _clientEnd);
        try
        {
            if (from < to)
            {
                await _client!.WriteAsync(chunk[(int)(from - at)..(int)(to - at)], clientAborted);
            }

            if (at + chunk.Length >= _clientEnd)
            {
                // The client has its range: send it now rather than when the cache has read the rest of the blob.
                await _client!.FlushAsync(clientAborted);
                _client = null;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            ClientGone = true;
            _client = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
