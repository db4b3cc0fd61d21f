using System.IO.Compression;
using System.Security.Cryptography;
using ZstdSharp;

namespace ArtifactKeeper.Scanning.Inventory.Layers;

/// <summary>
/// Opens a layer blob as its uncompressed tar: gzip and zstd are recognised by their magic bytes (media types are
/// not always honest), anything else is read as a plain tar.
/// </summary>
public static class LayerStreams
{
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];
    private static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>True when the media type names a tar layer (OCI or Docker, any compression).</summary>
    public static bool IsTarLayer(string mediaType)
        => mediaType.Length == 0 || mediaType.Contains("tar", StringComparison.OrdinalIgnoreCase);

    public static async Task<Stream> OpenUncompressedAsync(Stream blob, string mediaType, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var read = 0;
        while (read < head.Length)
        {
            var n = await blob.ReadAsync(head.AsMemory(read), cancellationToken);
            if (n == 0)
                break;
            read += n;
        }

        Stream whole = new PrefixedStream(head.AsMemory(0, read), blob);
        var span = head.AsSpan(0, read);
        if (span.StartsWith(GzipMagic))
            return new GZipStream(whole, CompressionMode.Decompress);
        if (span.StartsWith(ZstdMagic))
            return new DecompressionStream(whole);
        if (mediaType.EndsWith("zstd", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("gzip", StringComparison.OrdinalIgnoreCase))
            throw new ScanFailedException($"the layer is declared as {mediaType} but its content is not compressed that way");
        return whole;
    }
}

/// <summary>A stream that replays a few bytes already read, then continues with the rest of the inner stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty)
            return inner.Read(buffer);
        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty)
            return inner.ReadAsync(buffer, cancellationToken);
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Hashes everything read through it (SHA-256), to compute a layer's diff_id when the config lacks it.</summary>
internal sealed class Sha256ReadStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads the rest of the stream, then answers "sha256:&lt;hex&gt;".</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken) > 0)
        {
        }

        return "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _hash.AppendData(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
