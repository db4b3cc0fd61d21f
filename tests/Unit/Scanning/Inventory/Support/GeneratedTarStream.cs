using System.Text;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

/// <summary>
/// A plain tar produced on the fly: one large file of zeros (never held in memory), then the entries of a small
/// tar built in memory (which carries the end-of-archive blocks).
/// </summary>
public sealed class GeneratedTarStream : Stream
{
    private readonly byte[] _header;
    private readonly long _bodyLength;
    private readonly byte[] _tail;
    private long _position;

    public GeneratedTarStream(string bigFileName, long bigFileLength, byte[] tailTar)
    {
        _header = UstarHeader(bigFileName, bigFileLength);
        _bodyLength = (bigFileLength + 511) / 512 * 512;
        _tail = tailTar;
    }

    public long TotalLength => _header.Length + _bodyLength + _tail.Length;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= TotalLength)
            return 0;
        int n;
        if (_position < _header.Length)
        {
            n = Math.Min(buffer.Length, _header.Length - (int)_position);
            _header.AsSpan((int)_position, n).CopyTo(buffer);
        }
        else if (_position < _header.Length + _bodyLength)
        {
            n = (int)Math.Min(buffer.Length, _header.Length + _bodyLength - _position);
            buffer[..n].Clear();
        }
        else
        {
            var at = (int)(_position - _header.Length - _bodyLength);
            n = Math.Min(buffer.Length, _tail.Length - at);
            _tail.AsSpan(at, n).CopyTo(buffer);
        }

        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>A POSIX ustar header for a regular file (name under 100 bytes).</summary>
    private static byte[] UstarHeader(string name, long size)
    {
        var header = new byte[512];
        void Put(int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        string Octal(long value, int width) => Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Put(0, name);
        Put(100, Octal(Convert.ToInt64("644", 8), 8));
        Put(108, Octal(0, 8));
        Put(116, Octal(0, 8));
        Put(124, Octal(size, 12));
        Put(136, Octal(1700000000, 12));
        Put(148, "        ");
        header[156] = (byte)'0';
        Put(257, "ustar\0");
        Put(263, "00");
        var sum = header.Sum(b => (long)b);
        Put(148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        return header;
    }
}
