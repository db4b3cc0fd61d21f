using System.Security.Cryptography;

namespace ArtifactKeeper.Registry.Http;

/// <summary>
/// A read-only stream that hashes what passes through and, at the end of the content, throws when the bytes do not
/// hash to <c>digest</c> (sha256 or sha512): the exception <c>failure</c> makes of the message, so each caller throws
/// its own kind (<see cref="InvalidDataException"/> by default). Disposing it disposes the HTTP response it reads from.
/// </summary>
public sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _digest;
    private readonly IncrementalHash _hash;
    private readonly IDisposable? _owner;
    private readonly Func<string, Exception> _failure;
    private bool _verified;

    public DigestVerifyingStream(Stream inner, string digest, IDisposable? owner, Func<string, Exception>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        _inner = inner;
        _digest = digest;
        _owner = owner;
        _failure = failure ?? (message => new InvalidDataException(message));
        _hash = IncrementalHash.CreateHash(Algorithm(digest, _failure));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>True when <paramref name="bytes"/> hash to <paramref name="digest"/>.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!IsSupported(digest))
        {
            return false;
        }

        using var hash = IncrementalHash.CreateHash(Algorithm(digest, message => new InvalidDataException(message)));
        hash.AppendData(bytes);
        return string.Equals(Expected(digest), Convert.ToHexStringLower(hash.GetHashAndReset()), StringComparison.Ordinal);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        return Account(buffer[..read], read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..read], read);
    }

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
            _inner.Dispose();
            _hash.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, int read)
    {
        if (read > 0)
        {
            _hash.AppendData(data);
            return read;
        }

        if (!_verified)
        {
            _verified = true;
            if (!string.Equals(Expected(_digest), Convert.ToHexStringLower(_hash.GetHashAndReset()), StringComparison.Ordinal))
            {
                throw _failure($"blob {_digest} does not match its digest");
            }
        }

        return 0;
    }

    /// <summary>True for the digest algorithms this stream checks (sha256, sha512).</summary>
    public static bool IsSupported(string digest) =>
        digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.StartsWith("sha512:", StringComparison.Ordinal);

    private static HashAlgorithmName Algorithm(string digest, Func<string, Exception> failure) =>
        digest.StartsWith("sha512:", StringComparison.Ordinal) ? HashAlgorithmName.SHA512
        : digest.StartsWith("sha256:", StringComparison.Ordinal) ? HashAlgorithmName.SHA256
        : throw failure($"unsupported digest algorithm: {digest}");

    private static string Expected(string digest) => digest[(digest.IndexOf(':', StringComparison.Ordinal) + 1)..].ToLowerInvariant();
}
