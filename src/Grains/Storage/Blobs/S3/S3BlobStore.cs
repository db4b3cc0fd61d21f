using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace ArtifactKeeper.Storage.Blobs.S3;

/// <summary>
/// Blob store on an S3 bucket, for cluster mode: every gateway and silo shares the bucket and keeps
/// no upload state of its own beyond an optional running hash (see <see cref="S3Keys"/> for the
/// layout). Chunks of any size are appended through one S3 multipart upload per upload: bytes below
/// the part size wait in a small tail object, so another gateway can continue the upload. Publishing
/// completes the multipart upload and copies the result to its content-addressed key, which S3 makes
/// visible atomically. Digest and upload id rules, and the exceptions thrown, are those of
/// <see cref="FileSystemBlobStore"/>. A writer's pending part lives in memory (at most one part,
/// <see cref="DefaultPartSize"/> by default), so an upload may hold at most 10,000 parts.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    /// <summary>S3's minimum size of every part but the last.</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    public const int DefaultPartSize = 8 * 1024 * 1024;

    /// <summary>S3's maximum number of parts in a multipart upload.</summary>
    public const int MaxParts = 10_000;

    /// <summary>S3's maximum number of keys in one DeleteObjects request.</summary>
    public const int MaxDeleteBatch = 1000;

    // CopyObject copies at most 5 GiB; larger objects are copied in ranged parts.
    private const long MaxSingleCopy = 5L * 1024 * 1024 * 1024;
    private const long CopyPartSize = 512L * 1024 * 1024;

    private readonly UploadHashCache _hashes = new();

    /// <param name="client">Client for the bucket's endpoint; the caller owns it.</param>
    /// <param name="bucket">Bucket holding blobs and uploads; see <see cref="EnsureBucketAsync"/>.</param>
    /// <param name="presignTtl">Lifetime of presigned GET URLs; null makes <see cref="TryGetDownloadUrlAsync"/> return null.</param>
    /// <param name="partSize">Multipart part size for uploads this instance begins (at least <see cref="MinPartSize"/>).</param>
    public S3BlobStore(IAmazonS3 client, string bucket, TimeSpan? presignTtl = null, int partSize = DefaultPartSize)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, MinPartSize);
        if (presignTtl is { } ttl && (ttl < TimeSpan.FromSeconds(1) || ttl > TimeSpan.FromDays(7)))
        {
            throw new ArgumentOutOfRangeException(nameof(presignTtl), ttl, "S3 presigned URLs live 1 second to 7 days.");
        }

        Client = client;
        Bucket = bucket;
        PresignTtl = presignTtl;
        PartSize = partSize;
    }

    public string Bucket { get; }

    public TimeSpan? PresignTtl { get; }

    internal IAmazonS3 Client { get; }

    internal int PartSize { get; }

    internal UploadHashCache Hashes => _hashes;

    /// <summary>Creates the bucket unless it exists (idempotent; safe from several processes at once).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Created earlier or by another process.
        }
    }

    public async Task<BlobStat?> StatAsync(string digest, CancellationToken cancellationToken)
    {
        var length = await TryGetLengthAsync(S3Keys.Blob(digest), cancellationToken);
        return length is { } size ? new BlobStat(digest, size) : null;
    }

    public async Task<DateTimeOffset?> GetLastWrittenAsync(string digest, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = S3Keys.Blob(digest) }, cancellationToken);
            return response.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken)
    {
        var key = S3Keys.Blob(digest);
        var length = await TryGetLengthAsync(key, cancellationToken);
        return length is { } size ? new S3ReadStream(Client, Bucket, key, size) : null;
    }

    public async Task<IUploadWriter> OpenUploadAsync(string uploadId, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var stateKey = S3Keys.State(uploadId);
        if (offset == 0)
        {
            await DeleteUploadAsync(uploadId, cancellationToken);
            var fresh = S3UploadState.Empty(PartSize);
            await WriteStateAsync(uploadId, fresh, cancellationToken);
            return new S3UploadWriter(this, uploadId, fresh, fresh, IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
        }

        var state = await ReadStateAsync(uploadId, cancellationToken)
            ?? throw new UploadNotFoundException($"Upload '{uploadId}' does not exist ({stateKey} is missing).");
        if (state.Size < offset)
        {
            throw new UploadNotFoundException(uploadId, offset);
        }

        if (state.AssembledKey is not null)
        {
            return await ReopenAssembledAsync(uploadId, state, offset, cancellationToken);
        }

        var hash = _hashes.Take(CacheKey(uploadId, state.Version), offset);
        try
        {
            return await S3UploadWriter.ResumeAsync(this, uploadId, state, offset, hash, cancellationToken);
        }
        catch
        {
            hash?.Dispose();
            throw;
        }
    }

    public async Task<UploadDigest?> DigestUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(uploadId, cancellationToken);
        if (state is null)
        {
            return null;
        }

        if (state.Parts.Count > 0)
        {
            // S3 cannot read an unfinished multipart upload, so it is completed first; a writer that
            // reopens it later starts a new one (see ReopenAssembledAsync).
            state = await AssembleAsync(uploadId, state, cancellationToken);
        }

        var key = state.AssembledKey ?? state.TailKey;
        if (key is null)
        {
            return await BlobHashing.HashAsync(Stream.Null, cancellationToken);
        }

        await using var stream = new S3ReadStream(Client, Bucket, key, state.Size);
        return await BlobHashing.HashAsync(stream, cancellationToken);
    }

    public async Task PublishAsync(string uploadId, string digest, CancellationToken cancellationToken)
    {
        var blobKey = S3Keys.Blob(digest);
        var state = await ReadStateAsync(uploadId, cancellationToken);
        if (await TryGetLengthAsync(blobKey, cancellationToken) is not null)
        {
            await DeleteUploadAsync(uploadId, cancellationToken);
            return;
        }

        if (state is null)
        {
            throw new UploadNotFoundException($"Upload '{uploadId}' does not exist.");
        }

        if (state.Parts.Count > 0)
        {
            state = await AssembleAsync(uploadId, state, cancellationToken);
        }

        if ((state.AssembledKey ?? state.TailKey) is { } source)
        {
            await CopyAsync(source, blobKey, state.Size, cancellationToken);
        }
        else
        {
            await PutAsync(blobKey, ReadOnlyMemory<byte>.Empty, cancellationToken);
        }

        await DeleteUploadAsync(uploadId, cancellationToken);
    }

    public async Task DeleteUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var prefix = S3Keys.Upload(uploadId);
        var state = await ReadStateAsync(uploadId, cancellationToken);
        if (state is not null)
        {
            _hashes.Remove(CacheKey(uploadId, state.Version));
            if (state is { MultipartUploadId: { } multipartId, MultipartKey: { } multipartKey })
            {
                await AbortMultipartAsync(multipartKey, multipartId, cancellationToken);
            }
        }

        // The state goes last, so an interrupted delete can be repeated: it still finds the multipart id.
        var keys = new List<string>();
        await foreach (var key in ListKeysAsync(prefix, startAfter: null, cancellationToken))
        {
            keys.Add(key);
        }

        var stateKey = S3Keys.State(uploadId);
        keys.Remove(stateKey);
        await DeleteKeysAsync(keys, cancellationToken);
        if (state is not null)
        {
            await DeleteKeysAsync([stateKey], cancellationToken);
        }
    }

    public async Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        var key = S3Keys.Blob(digest);
        await Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken);
    }

    /// <summary>
    /// Removes many published blobs with batched DeleteObjects requests of up to <see cref="MaxDeleteBatch"/>
    /// keys (for GC); absent blobs are not an error. Every digest is validated before anything is deleted.
    /// </summary>
    public async Task DeleteManyAsync(IEnumerable<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var keys = digests.Select(S3Keys.Blob).Distinct(StringComparer.Ordinal).ToList();
        await DeleteKeysAsync(keys, cancellationToken);
    }

    public async Task<Uri?> TryGetDownloadUrlAsync(string digest, CancellationToken cancellationToken)
    {
        var key = S3Keys.Blob(digest);
        if (PresignTtl is not { } ttl)
        {
            return null;
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.Add(ttl),
            Protocol = Client.Config.ServiceURL is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                ? Protocol.HTTP
                : Protocol.HTTPS,
        };
        return new Uri(await Client.GetPreSignedURLAsync(request));
    }

    public async IAsyncEnumerable<string> ListAsync(string? afterDigest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keys sort like digests: the 2-hex directory is the digest's own first two digits.
        var startAfter = afterDigest is null ? null : S3Keys.Blob(afterDigest);
        await foreach (var key in ListKeysAsync(S3Keys.BlobPrefix, startAfter, cancellationToken))
        {
            if (S3Keys.DigestOf(key) is { } digest)
            {
                yield return digest;
            }
        }
    }

    public void Dispose() => _hashes.Dispose();

    internal static string CacheKey(string uploadId, string stateVersion) => uploadId + "/" + stateVersion;

    internal async Task<S3UploadState?> ReadStateAsync(string uploadId, CancellationToken cancellationToken)
    {
        var key = S3Keys.State(uploadId);
        try
        {
            using var response = await Client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return S3UploadState.Parse(response.ResponseStream);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    internal Task WriteStateAsync(string uploadId, S3UploadState state, CancellationToken cancellationToken) =>
        PutAsync(S3Keys.State(uploadId), state.ToJson(), cancellationToken);

    internal async Task PutAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        using var body = AsStream(bytes);
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            DisablePayloadSigning = IsHttps,
        };
        await Client.PutObjectAsync(request, cancellationToken);
    }

    internal async Task<string> UploadPartAsync(string key, string multipartId, int number, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        using var body = AsStream(bytes);
        var request = new UploadPartRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = multipartId,
            PartNumber = number,
            InputStream = body,
            PartSize = bytes.Length,
            UseChunkEncoding = false,
            DisablePayloadSigning = IsHttps,
        };
        var response = await Client.UploadPartAsync(request, cancellationToken);
        return response.ETag;
    }

    internal async Task<string> StartMultipartAsync(string key, CancellationToken cancellationToken)
    {
        var response = await Client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }, cancellationToken);
        return response.UploadId;
    }

    /// <summary>Reads the first <paramref name="length"/> bytes of <paramref name="key"/> into <paramref name="buffer"/>.</summary>
    internal async Task ReadPrefixAsync(string key, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        await using var stream = new S3ReadStream(Client, Bucket, key, buffer.Length);
        await stream.ReadExactlyAsync(buffer, cancellationToken);
    }

    internal async Task DeleteKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        for (var start = 0; start < keys.Count; start += MaxDeleteBatch)
        {
            var batch = keys.Skip(start).Take(MaxDeleteBatch).Select(key => new KeyVersion { Key = key }).ToList();
            DeleteObjectsResponse response;
            try
            {
                response = await Client.DeleteObjectsAsync(
                    new DeleteObjectsRequest { BucketName = Bucket, Objects = batch, Quiet = true }, cancellationToken);
            }
            catch (AmazonS3Exception e) when ((int)e.StatusCode >= 500)
            {
                // s3rver deletes a batch's keys concurrently and trips over its own empty-directory
                // cleanup; one key at a time always works (and deleting is idempotent).
                foreach (var key in batch)
                {
                    await Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key.Key }, cancellationToken);
                }

                continue;
            }

            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                var first = errors[0];
                throw new IOException(
                    $"S3 refused to delete {errors.Count} of {batch.Count} objects, e.g. '{first.Key}': {first.Code} {first.Message}");
            }
        }
    }

    private bool IsHttps => Client.Config.ServiceURL is not { } url || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    /// <summary>
    /// An upload that was assembled (hashed or half published) cannot take more parts: its first
    /// <paramref name="offset"/> bytes are streamed into a fresh multipart upload. This costs one
    /// read and write of the upload, but only happens after a digest mismatch or a crash mid-publish.
    /// </summary>
    private async Task<IUploadWriter> ReopenAssembledAsync(string uploadId, S3UploadState state, long offset, CancellationToken cancellationToken)
    {
        var fresh = S3UploadState.Empty(PartSize);
        var writer = new S3UploadWriter(this, uploadId, fresh, state, IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
        try
        {
            await using (var source = new S3ReadStream(Client, Bucket, state.AssembledKey!, offset))
            {
                await writer.AppendAsync(source, null, cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            await DeleteKeysAsync([state.AssembledKey!], cancellationToken);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Uploads the tail as the last part, completes the multipart upload and records the result.</summary>
    private async Task<S3UploadState> AssembleAsync(string uploadId, S3UploadState state, CancellationToken cancellationToken)
    {
        var parts = state.Parts.Select(p => new PartETag(p.Number, p.ETag)).ToList();
        if (state.TailKey is { } tailKey)
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)state.TailLength);
            try
            {
                var tail = buffer.AsMemory(0, (int)state.TailLength);
                await ReadPrefixAsync(tailKey, tail, cancellationToken);
                var number = state.Parts.Count + 1;
                parts.Add(new PartETag(number, await UploadPartAsync(state.MultipartKey!, state.MultipartUploadId!, number, tail, cancellationToken)));
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        await Client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = state.MultipartKey,
                UploadId = state.MultipartUploadId,
                PartETags = parts,
            },
            cancellationToken);

        var assembled = new S3UploadState(
            S3UploadState.NewVersion(), state.PartSize, null, null, [], null, 0, state.MultipartKey, state.Size);
        await WriteStateAsync(uploadId, assembled, cancellationToken);
        if (state.TailKey is not null || state.Parts.Any(p => p.BaseTailKey is not null))
        {
            var obsolete = state.Parts.Select(p => p.BaseTailKey).Append(state.TailKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            await DeleteKeysAsync(obsolete, cancellationToken);
        }

        return assembled;
    }

    private async Task CopyAsync(string source, string target, long size, CancellationToken cancellationToken)
    {
        if (size <= MaxSingleCopy)
        {
            await Client.CopyObjectAsync(
                new CopyObjectRequest { SourceBucket = Bucket, SourceKey = source, DestinationBucket = Bucket, DestinationKey = target },
                cancellationToken);
            return;
        }

        // Past 5 GiB S3 only copies in ranged parts (untested against s3rver, which lacks UploadPartCopy).
        var multipartId = await StartMultipartAsync(target, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (long first = 0, number = 1; first < size; first += CopyPartSize, number++)
            {
                var response = await Client.CopyPartAsync(
                    new CopyPartRequest
                    {
                        SourceBucket = Bucket,
                        SourceKey = source,
                        DestinationBucket = Bucket,
                        DestinationKey = target,
                        UploadId = multipartId,
                        PartNumber = (int)number,
                        FirstByte = first,
                        LastByte = Math.Min(first + CopyPartSize, size) - 1,
                    },
                    cancellationToken);
                parts.Add(new PartETag((int)number, response.ETag));
            }

            await Client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = Bucket, Key = target, UploadId = multipartId, PartETags = parts },
                cancellationToken);
        }
        catch
        {
            await AbortMultipartAsync(target, multipartId, CancellationToken.None);
            throw;
        }
    }

    private async Task AbortMultipartAsync(string key, string multipartId, CancellationToken cancellationToken)
    {
        try
        {
            await Client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = multipartId }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            // Already completed or aborted, or a local S3 without abort (s3rver): nothing more to free.
            // On AWS a bucket lifecycle rule (AbortIncompleteMultipartUpload) is the backstop for crashes.
        }
    }

    private async Task<long?> TryGetLengthAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return response.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async IAsyncEnumerable<string> ListKeysAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, StartAfter = startAfter };
        while (true)
        {
            var response = await Client.ListObjectsV2Async(request, cancellationToken);
            var items = response.S3Objects ?? [];
            foreach (var item in items)
            {
                yield return item.Key;
            }

            if (response.IsTruncated != true || items.Count == 0)
            {
                yield break;
            }

            // Paging by StartAfter rather than continuation tokens: s3rver builds its tokens with
            // DES, which Node's OpenSSL 3 refuses, and on S3 the two are equivalent.
            request.StartAfter = items[^1].Key;
        }
    }
}
