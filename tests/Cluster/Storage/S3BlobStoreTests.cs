using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Blobs.S3;
using ArtifactKeeper.Tests.Cluster.Support;
using ArtifactKeeper.Tests.Unit.Storage;

namespace ArtifactKeeper.Tests.Cluster.Storage;

/// <summary>
/// The blob store contract and the S3-only behaviour against a real s3rver. Every test gets its own
/// bucket; stores made by <see cref="CreateStore"/> share it but nothing else (like two gateways).
/// </summary>
public sealed class S3BlobStoreTests(S3rverServer s3) : BlobStoreContract, IAsyncLifetime
{
    private const int Mib = 1024 * 1024;
    private readonly AmazonS3Client _client = s3.CreateClient();
    private readonly List<S3BlobStore> _stores = [];
    private string _bucket = string.Empty;

    public async ValueTask InitializeAsync() => _bucket = await s3.CreateBucketAsync("contract");

    public ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override IBlobStore CreateStore() => NewStore();

    [Fact]
    public async Task Chunks_below_then_above_the_part_size_assemble_to_the_right_digest()
    {
        var bytes = RandomBytes(21 * Mib + 333, seed: 31);
        int[] cuts = [0, 1 * Mib, 4 * Mib, 6 * Mib, 17 * Mib, 21 * Mib, bytes.Length];
        var store = NewStore();

        for (var i = 0; i < cuts.Length - 1; i++)
        {
            await using var writer = await store.OpenUploadAsync("mixed", cuts[i], Ct);
            await writer.AppendAsync(new MemoryStream(bytes[cuts[i]..cuts[i + 1]]), null, Ct);
            await writer.FlushAsync(Ct);
            Assert.Equal(Sha256(bytes[..cuts[i + 1]]), writer.CurrentDigest);
        }

        // 21 MiB + 333 bytes at 5 MiB parts: four parts cut, the rest waits in a tail object below 5 MiB.
        using var state = await ReadStateAsync("mixed");
        Assert.Equal(4, state.RootElement.GetProperty("parts").GetArrayLength());
        Assert.Equal(Mib + 333, state.RootElement.GetProperty("tailLength").GetInt64());
        Assert.All(await ListAsync("uploads/mixed/tail-"), o => Assert.True(o.Size < S3BlobStore.MinPartSize));

        var digest = Sha256(bytes);
        Assert.Equal(new UploadDigest(digest, bytes.Length), await NewStore().DigestUploadAsync("mixed", Ct));
        await store.PublishAsync("mixed", digest, Ct);
        Assert.Equal(bytes, await ReadBlobAsync(store, digest));
    }

    [Fact]
    public async Task Upload_begun_on_one_gateway_completes_on_another_with_a_verified_digest()
    {
        var bytes = RandomBytes(13 * Mib + 5, seed: 32);
        var gatewayA = NewStore();
        await using (var writer = await gatewayA.OpenUploadAsync("roaming", 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(bytes[..(7 * Mib)]), null, Ct);
            await writer.FlushAsync(Ct);
        }

        using var otherClient = s3.CreateClient();
        using var gatewayB = new S3BlobStore(otherClient, _bucket, partSize: S3BlobStore.MinPartSize);
        await using (var writer = await gatewayB.OpenUploadAsync("roaming", 7 * Mib, Ct))
        {
            Assert.Equal(7 * Mib, writer.Size);
            await writer.AppendAsync(new MemoryStream(bytes[(7 * Mib)..]), null, Ct);
            await writer.FlushAsync(Ct);
            Assert.Null(writer.CurrentDigest);
        }

        var digest = Sha256(bytes);
        Assert.Equal(new UploadDigest(digest, bytes.Length), await gatewayB.DigestUploadAsync("roaming", Ct));
        await gatewayB.PublishAsync("roaming", digest, Ct);

        Assert.Equal(bytes, await ReadBlobAsync(gatewayA, digest));
        Assert.Empty(await ListAsync("uploads/"));
    }

    [Fact]
    public async Task Reopen_inside_a_cut_part_restores_the_acknowledged_head_and_drops_the_rest()
    {
        var head = RandomBytes(3 * Mib, seed: 33);
        var lost = RandomBytes(4 * Mib, seed: 34);
        var retried = RandomBytes(4 * Mib + 7, seed: 35);
        await WriteChunkAsync(NewStore(), "cut-back", 0, head);

        // The second chunk fills and uploads part 1, is flushed, but the gateway dies before acknowledging it.
        await WriteChunkAsync(NewStore(), "cut-back", head.Length, lost);
        using (var state = await ReadStateAsync("cut-back"))
        {
            Assert.Equal(1, state.RootElement.GetProperty("parts").GetArrayLength());
        }

        var other = NewStore();
        await using (var writer = await other.OpenUploadAsync("cut-back", head.Length, Ct))
        {
            Assert.Equal(head.Length, writer.Size);
            await writer.AppendAsync(new MemoryStream(retried), null, Ct);
            await writer.FlushAsync(Ct);
        }

        var expected = head.Concat(retried).ToArray();
        var digest = Sha256(expected);
        Assert.Equal(new UploadDigest(digest, expected.Length), await other.DigestUploadAsync("cut-back", Ct));
        await other.PublishAsync("cut-back", digest, Ct);
        Assert.Equal(expected, await ReadBlobAsync(other, digest));
        Assert.Empty(await ListAsync("uploads/"));
    }

    [Fact]
    public async Task Reopen_after_a_digest_check_assembled_the_upload_continues_it()
    {
        var head = RandomBytes(4 * Mib, seed: 36);
        var wrong = RandomBytes(3 * Mib, seed: 37);
        var right = RandomBytes(2 * Mib, seed: 38);
        await WriteChunkAsync(NewStore(), "assembled", 0, head);
        var finisher = NewStore();
        await WriteChunkAsync(finisher, "assembled", head.Length, wrong);

        // A final chunk whose digest does not match: the gateway hashed it, then dropped that chunk.
        Assert.Equal(Sha256(head.Concat(wrong).ToArray()), (await finisher.DigestUploadAsync("assembled", Ct))!.Digest);

        var expected = head.Concat(right).ToArray();
        var retry = NewStore();
        await using (var writer = await retry.OpenUploadAsync("assembled", head.Length, Ct))
        {
            await writer.AppendAsync(new MemoryStream(right), null, Ct);
            await writer.FlushAsync(Ct);

            // The reopen streamed the head again, so this process has seen every byte.
            Assert.Equal(Sha256(expected), writer.CurrentDigest);
        }

        Assert.Equal(new UploadDigest(Sha256(expected), expected.Length), await NewStore().DigestUploadAsync("assembled", Ct));
        await retry.PublishAsync("assembled", Sha256(expected), Ct);
        Assert.Equal(expected, await ReadBlobAsync(retry, Sha256(expected)));
        Assert.Empty(await ListAsync("uploads/"));
    }

    [Fact]
    public async Task Presigned_url_downloads_the_bytes_with_a_plain_http_client()
    {
        var bytes = RandomBytes(100_000, seed: 39);
        var digest = await PublishAsync("presign", bytes);
        var redirecting = NewStore(TimeSpan.FromMinutes(5));

        var url = await redirecting.TryGetDownloadUrlAsync(digest, Ct);

        Assert.NotNull(url);
        Assert.Equal(s3.ServiceUrl.Authority, url.Authority);
        using var http = new HttpClient();
        Assert.Equal(bytes, await http.GetByteArrayAsync(url, Ct));
        Assert.Null(await Store.TryGetDownloadUrlAsync(digest, Ct));
    }

    [Fact]
    public async Task DeleteMany_removes_more_blobs_than_one_batch_holds()
    {
        var digests = Enumerable.Range(0, S3BlobStore.MaxDeleteBatch + 5)
            .Select(i => Sha256(BitConverter.GetBytes(i)))
            .ToList();
        await Parallel.ForEachAsync(digests, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (digest, ct) =>
        {
            var hex = digest["sha256:".Length..];
            await _client.PutObjectAsync(
                new PutObjectRequest { BucketName = _bucket, Key = $"blobs/sha256/{hex[..2]}/{hex}", ContentBody = "x", UseChunkEncoding = false },
                ct);
        });
        var kept = await PublishAsync("kept", [1, 2, 3]);
        var listed = await ToListAsync(Store.ListAsync(null, Ct));
        Assert.Equal(digests.Count + 1, listed.Count);

        await NewStore().DeleteManyAsync(digests.Append(Sha256([9, 9, 9])), Ct);

        Assert.Equal([kept], await ToListAsync(Store.ListAsync(null, Ct)));
    }

    [Fact]
    public async Task DeleteMany_with_an_invalid_digest_deletes_nothing()
    {
        var digest = await PublishAsync("valid", [4, 2]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => NewStore().DeleteManyAsync([digest, "sha256:nope"], Ct));

        Assert.NotNull(await Store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task Read_stream_seeks_and_reads_exact_ranges()
    {
        var bytes = RandomBytes(3 * Mib + 11, seed: 40);
        var digest = await PublishAsync("ranges", bytes);
        await using var stream = (await NewStore().OpenReadAsync(digest, Ct))!;

        var buffer = new byte[1000];
        await stream.ReadExactlyAsync(buffer, Ct);
        Assert.Equal(bytes[..1000], buffer);

        stream.Seek(2 * Mib, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer, Ct);
        Assert.Equal(bytes[(2 * Mib)..(2 * Mib + 1000)], buffer);

        stream.Seek(-5000, SeekOrigin.Current);
        Assert.Equal(2 * Mib - 4000, stream.Position);
        await stream.ReadExactlyAsync(buffer, Ct);
        Assert.Equal(bytes[(2 * Mib - 4000)..(2 * Mib - 3000)], buffer);

        stream.Seek(-10, SeekOrigin.End);
        var end = new byte[100];
        Assert.Equal(10, await stream.ReadAtLeastAsync(end, 100, throwOnEndOfStream: false, Ct));
        Assert.Equal(bytes[^10..], end[..10]);
        Assert.Equal(0, await stream.ReadAsync(end, Ct));

        stream.Position = 7;
        Assert.Equal(bytes[7], (byte)stream.ReadByte());
    }

    [Fact]
    public async Task Publish_leaves_no_upload_objects_behind()
    {
        var big = RandomBytes(11 * Mib, seed: 41);
        var digest = await PublishAsync("multipart", big);
        await WriteUploadAsync("duplicate", big);
        await Store.PublishAsync("duplicate", digest, Ct);
        await PublishAsync("small", [1, 2, 3]);
        await WriteUploadAsync("abandoned", RandomBytes(6 * Mib, seed: 42));
        await Store.DeleteUploadAsync("abandoned", Ct);

        Assert.Empty(await ListAsync("uploads/"));
        Assert.Equal(2, (await ListAsync("blobs/")).Count);
    }

    [Fact]
    public async Task Published_blob_lives_at_its_content_addressed_key()
    {
        var digest = await PublishAsync("layout", [1, 2, 3]);
        var hex = digest["sha256:".Length..];

        var objects = await ListAsync("blobs/");

        Assert.Equal([$"blobs/sha256/{hex[..2]}/{hex}"], objects.Select(o => o.Key));
        Assert.Equal(3, objects[0].Size);
    }

    [Fact]
    public async Task List_ignores_foreign_keys_under_the_blob_prefix()
    {
        var digest = await PublishAsync("stray", [8]);
        foreach (var key in new[] { "blobs/sha256/zz/not-a-digest", "blobs/sha256/" + digest[7..], "blobs/other" })
        {
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "x", UseChunkEncoding = false }, Ct);
        }

        Assert.Equal([digest], await ToListAsync(Store.ListAsync(null, Ct)));
    }

    private S3BlobStore NewStore(TimeSpan? presignTtl = null)
    {
        var store = new S3BlobStore(_client, _bucket, presignTtl, S3BlobStore.MinPartSize);
        _stores.Add(store);
        return store;
    }

    private static async Task WriteChunkAsync(S3BlobStore store, string uploadId, long offset, byte[] chunk)
    {
        await using var writer = await store.OpenUploadAsync(uploadId, offset, Ct);
        await writer.AppendAsync(new MemoryStream(chunk), null, Ct);
        await writer.FlushAsync(Ct);
    }

    private async Task<JsonDocument> ReadStateAsync(string uploadId)
    {
        using var response = await _client.GetObjectAsync(_bucket, $"uploads/{uploadId}/state", Ct);
        return await JsonDocument.ParseAsync(response.ResponseStream, cancellationToken: Ct);
    }

    private async Task<List<S3Object>> ListAsync(string prefix)
    {
        var response = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix }, Ct);
        return response.S3Objects ?? [];
    }

    private static async Task<byte[]> ReadBlobAsync(S3BlobStore store, string digest)
    {
        await using var stream = await store.OpenReadAsync(digest, Ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
