namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// A forward-only read view over another stream, for the wrappers a blob passes through on its way to the destination.
/// Disposing it disposes the inner stream. Derived classes see every read through <see cref="OnReadAsync"/>.
/// </summary>
public abstract class ObservedReadStream(Stream inner) : Stream
{
    protected Stream Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => Inner.Length;

    public override long Position
    {
        get => Inner.Position;
        set => throw new NotSupportedException();
    }

    /// <summary>The largest read passed to the inner stream (a limiter keeps reads small so waits stay short).</summary>
    protected virtual int MaxReadSize => int.MaxValue;

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer[..Math.Min(buffer.Length, MaxReadSize)], cancellationToken);
        await OnReadAsync(read, cancellationToken);
        return read;
    }

    /// <summary>Called after each read with the bytes it returned (0 at the end).</summary>
    protected abstract ValueTask OnReadAsync(int bytes, CancellationToken cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
