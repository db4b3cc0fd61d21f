using Amazon.S3;
using Amazon.S3.Model;

namespace ArtifactKeeper.Storage.Blobs.S3;

/// <summary>
/// Read-only, seekable view of one object. Each read continues a ranged GET from the current
/// position; a seek only moves the position and drops the open response, so the next read issues a
/// new GET there. Memory stays at the SDK's socket buffers whatever the object's size.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly long _length;
    private GetObjectResponse? _response;
    private long _position;

    public S3ReadStream(IAmazonS3 client, string bucket, string key, long length)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            CloseResponse();
            _position = target;
        }

        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= _length)
        {
            return 0;
        }

        var want = (int)Math.Min(buffer.Length, _length - _position);
        _response ??= await OpenAsync(cancellationToken);
        var read = await _response.ResponseStream.ReadAsync(buffer[..want], cancellationToken);
        if (read == 0)
        {
            throw new IOException($"Object '{_key}' ended at {_position} of {_length} bytes.");
        }

        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask DisposeAsync()
    {
        CloseResponse();
        return base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseResponse();
        }

        base.Dispose(disposing);
    }

    private async Task<GetObjectResponse> OpenAsync(CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = _bucket,
            Key = _key,
            ByteRange = new ByteRange(_position, _length - 1),
        };
        try
        {
            return await _client.GetObjectAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Deleted (by GC) after it was opened; a file store would still serve its open handle.
            throw new IOException($"Object '{_key}' disappeared while it was being read.", e);
        }
    }

    private void CloseResponse()
    {
        _response?.Dispose();
        _response = null;
    }
}
