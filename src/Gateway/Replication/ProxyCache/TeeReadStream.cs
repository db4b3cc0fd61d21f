namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// A read-only stream over an upstream blob that hands every chunk it reads to the client as well, so one upstream
/// read feeds both the client and the cache. When the client goes away the reading (the caching) goes on without it:
/// the bytes are on their way anyway and the next pull wants them.
/// </summary>
public sealed class TeeReadStream(Stream source, Stream? client, CancellationToken clientAborted) : Stream
{
    private Stream? _client = client;

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
        if (read > 0 && _client is not null)
        {
            try
            {
                await _client.WriteAsync(buffer[..read], clientAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                ClientGone = true;
                _client = null;
            }
        }

        return read;
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
