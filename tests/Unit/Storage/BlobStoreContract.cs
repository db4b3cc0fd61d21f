using System.Security.Cryptography;
using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>
/// Behaviour every <see cref="IBlobStore"/> backend must show. A derived class per backend supplies
/// stores; all stores one test creates share the same backing storage.
/// </summary>
public abstract class BlobStoreContract
{
    private IBlobStore? _store;

    /// <summary>A new store instance over this test's backing storage (no in-process state shared).</summary>
    protected abstract IBlobStore CreateStore();

    protected IBlobStore Store => _store ??= CreateStore();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_then_read_returns_exact_bytes()
    {
        var bytes = RandomBytes(3 * 1024 * 1024 + 17, seed: 1);
        var digest = await PublishAsync("upload-1", bytes);

        await using var stream = await Store.OpenReadAsync(digest, Ct);
        Assert.NotNull(stream);
        Assert.Equal(bytes, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Open_read_returns_seekable_stream()
    {
        var bytes = RandomBytes(10_000, seed: 2);
        var digest = await PublishAsync("seek", bytes);

        await using var stream = await Store.OpenReadAsync(digest, Ct);
        Assert.NotNull(stream);
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        stream.Seek(9_000, SeekOrigin.Begin);
        Assert.Equal(bytes[9_000..], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Stat_published_blob_returns_its_size()
    {
        var bytes = RandomBytes(12_345, seed: 3);
        var digest = await PublishAsync("stat", bytes);

        var stat = await Store.StatAsync(digest, Ct);

        Assert.Equal(new BlobStat(digest, 12_345), stat);
    }

    [Fact]
    public async Task Stat_and_open_missing_blob_return_null()
    {
        var digest = Sha256([1, 2, 3]);

        Assert.Null(await Store.StatAsync(digest, Ct));
        Assert.Null(await Store.OpenReadAsync(digest, Ct));
    }

    [Fact]
    public async Task Publish_empty_upload_makes_empty_blob()
    {
        var digest = await PublishAsync("empty", []);

        Assert.Equal(new BlobStat(digest, 0), await Store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task Append_in_chunks_at_offsets_keeps_running_digest_of_whole_upload()
    {
        var bytes = RandomBytes(2_500_000, seed: 4);
        int[] cuts = [0, 1, 1_048_576, 1_048_577, 2_000_000, bytes.Length];

        for (var i = 0; i < cuts.Length - 1; i++)
        {
            await using var writer = await Store.OpenUploadAsync("chunked", cuts[i], Ct);
            Assert.Equal(cuts[i], writer.Size);
            var appended = await writer.AppendAsync(new MemoryStream(bytes[cuts[i]..cuts[i + 1]]), maxBytes: null, Ct);
            await writer.FlushAsync(Ct);

            Assert.Equal(cuts[i + 1] - cuts[i], appended);
            Assert.Equal(cuts[i + 1], writer.Size);
            Assert.Equal(Sha256(bytes[..cuts[i + 1]]), writer.CurrentDigest);
        }

        Assert.Equal(new UploadDigest(Sha256(bytes), bytes.Length), await Store.DigestUploadAsync("chunked", Ct));
    }

    [Fact]
    public async Task Reopen_at_smaller_offset_discards_unacknowledged_tail()
    {
        var first = RandomBytes(100, seed: 5);
        var replacement = RandomBytes(30, seed: 6);
        await using (var writer = await Store.OpenUploadAsync("tail", 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(first), null, Ct);
            await writer.FlushAsync(Ct);
        }

        await using (var writer = await Store.OpenUploadAsync("tail", 40, Ct))
        {
            Assert.Equal(40, writer.Size);
            await writer.AppendAsync(new MemoryStream(replacement), null, Ct);
            await writer.FlushAsync(Ct);
            Assert.Equal(70, writer.Size);

            // The running hash had seen 100 bytes and cannot be rewound to 40.
            Assert.Null(writer.CurrentDigest);
        }

        var expected = first[..40].Concat(replacement).ToArray();
        Assert.Equal(new UploadDigest(Sha256(expected), 70), await Store.DigestUploadAsync("tail", Ct));
    }

    [Fact]
    public async Task Open_at_offset_zero_restarts_existing_upload()
    {
        await using (var writer = await Store.OpenUploadAsync("restart", 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(RandomBytes(50, seed: 7)), null, Ct);
            await writer.FlushAsync(Ct);
        }

        var fresh = RandomBytes(20, seed: 8);
        await using (var writer = await Store.OpenUploadAsync("restart", 0, Ct))
        {
            Assert.Equal(0, writer.Size);
            await writer.AppendAsync(new MemoryStream(fresh), null, Ct);
            await writer.FlushAsync(Ct);
            Assert.Equal(Sha256(fresh), writer.CurrentDigest);
        }

        Assert.Equal(new UploadDigest(Sha256(fresh), 20), await Store.DigestUploadAsync("restart", Ct));
    }

    [Fact]
    public async Task Fresh_store_instance_has_no_running_digest_but_digests_upload_correctly()
    {
        var head = RandomBytes(1000, seed: 9);
        var rest = RandomBytes(500, seed: 10);
        await using (var writer = await Store.OpenUploadAsync("restarted", 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(head), null, Ct);
            await writer.FlushAsync(Ct);
        }

        var other = CreateStore();
        await using (var writer = await other.OpenUploadAsync("restarted", 1000, Ct))
        {
            Assert.Null(writer.CurrentDigest);
            await writer.AppendAsync(new MemoryStream(rest), null, Ct);
            await writer.FlushAsync(Ct);
            Assert.Null(writer.CurrentDigest);
        }

        var digest = Sha256(head.Concat(rest).ToArray());
        Assert.Equal(new UploadDigest(digest, 1500), await other.DigestUploadAsync("restarted", Ct));
        await other.PublishAsync("restarted", digest, Ct);
        Assert.Equal(new BlobStat(digest, 1500), await Store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task Digest_of_missing_upload_is_null()
    {
        Assert.Null(await Store.DigestUploadAsync("never-opened", Ct));
    }

    [Fact]
    public async Task Open_missing_upload_at_nonzero_offset_throws_UploadNotFound()
    {
        await Assert.ThrowsAsync<UploadNotFoundException>(() => Store.OpenUploadAsync("missing", 10, Ct));
    }

    [Fact]
    public async Task Open_upload_at_offset_beyond_its_size_throws_UploadNotFound()
    {
        await using (var writer = await Store.OpenUploadAsync("short", 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(new byte[10]), null, Ct);
            await writer.FlushAsync(Ct);
        }

        await Assert.ThrowsAsync<UploadNotFoundException>(() => Store.OpenUploadAsync("short", 11, Ct));
        Assert.Equal(10, (await Store.DigestUploadAsync("short", Ct))!.Size);
    }

    [Fact]
    public async Task Publish_of_existing_blob_discards_the_upload_and_keeps_the_blob()
    {
        var bytes = RandomBytes(4096, seed: 11);
        var digest = await PublishAsync("first", bytes);
        await WriteUploadAsync("second", bytes);

        await Store.PublishAsync("second", digest, Ct);

        Assert.Null(await Store.DigestUploadAsync("second", Ct));
        await using var stream = await Store.OpenReadAsync(digest, Ct);
        Assert.Equal(bytes, await ReadAllAsync(stream!));
    }

    [Fact]
    public async Task Publish_of_missing_upload_throws_UploadNotFound()
    {
        await Assert.ThrowsAsync<UploadNotFoundException>(() => Store.PublishAsync("missing", Sha256([9]), Ct));
        Assert.Null(await Store.StatAsync(Sha256([9]), Ct));
    }

    [Fact]
    public async Task Publish_leaves_no_upload_behind()
    {
        var digest = await PublishAsync("gone-after-publish", RandomBytes(100, seed: 12));

        Assert.Null(await Store.DigestUploadAsync("gone-after-publish", Ct));
        await Assert.ThrowsAsync<UploadNotFoundException>(() => Store.OpenUploadAsync("gone-after-publish", 100, Ct));
        Assert.NotNull(await Store.StatAsync(digest, Ct));
    }

    [Fact]
    public async Task Append_within_max_bytes_succeeds_at_the_limit()
    {
        await using var writer = await Store.OpenUploadAsync("limit", 0, Ct);

        var appended = await writer.AppendAsync(new MemoryStream(new byte[1000]), maxBytes: 1000, Ct);

        Assert.Equal(1000, appended);
    }

    [Fact]
    public async Task Append_with_huge_max_bytes_copies_everything()
    {
        var bytes = RandomBytes(1_500_000, seed: 13);
        await using var writer = await Store.OpenUploadAsync("huge-limit", 0, Ct);

        Assert.Equal(bytes.Length, await writer.AppendAsync(new MemoryStream(bytes), maxBytes: long.MaxValue, Ct));
        Assert.Equal(Sha256(bytes), writer.CurrentDigest);
    }

    [Fact]
    public async Task Append_over_max_bytes_throws_InvalidData()
    {
        await using var writer = await Store.OpenUploadAsync("too-big", 0, Ct);

        await Assert.ThrowsAsync<InvalidDataException>(
            () => writer.AppendAsync(new MemoryStream(new byte[1001]), maxBytes: 1000, Ct));
        Assert.Null(writer.CurrentDigest);
    }

    [Fact]
    public async Task Append_over_max_bytes_larger_than_buffer_throws_InvalidData()
    {
        await using var writer = await Store.OpenUploadAsync("too-big-large", 0, Ct);

        await Assert.ThrowsAsync<InvalidDataException>(
            () => writer.AppendAsync(new MemoryStream(new byte[3 * 1024 * 1024]), maxBytes: 2 * 1024 * 1024 + 1, Ct));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("upload id")]
    [InlineData("x\\y")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Invalid_upload_id_throws_ArgumentException(string uploadId)
    {
        var digest = Sha256([1]);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenUploadAsync(uploadId, 0, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DigestUploadAsync(uploadId, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PublishAsync(uploadId, digest, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteUploadAsync(uploadId, Ct));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("sha256:../../../../../../../../../../../../../../../../../../../../../../../../../../../")]
    [InlineData("sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("sha256:")]
    [InlineData("")]
    public async Task Invalid_digest_throws_ArgumentException(string digest)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.StatAsync(digest, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(digest, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(digest, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryGetDownloadUrlAsync(digest, Ct));
        await WriteUploadAsync("valid-upload", [1]);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PublishAsync("valid-upload", digest, Ct));
        Assert.NotNull(await Store.DigestUploadAsync("valid-upload", Ct));
    }

    [Fact]
    public async Task Last_written_is_when_the_bytes_were_published_and_null_when_absent()
    {
        // Object stores keep whole seconds; the slack covers that truncation, not a duration.
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var digest = await PublishAsync("written", RandomBytes(100, seed: 40));
        var after = DateTimeOffset.UtcNow.AddSeconds(2);

        var written = await Store.GetLastWrittenAsync(digest, Ct);

        Assert.NotNull(written);
        Assert.InRange(written.Value, before, after);
        Assert.Null(await Store.GetLastWrittenAsync(Sha256([4, 0, 4]), Ct));
        await Store.DeleteAsync(digest, Ct);
        Assert.Null(await Store.GetLastWrittenAsync(digest, Ct));
    }

    [Fact]
    public async Task List_returns_digests_in_ascending_order_after_the_cursor()
    {
        var digests = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            digests.Add(await PublishAsync($"list-{i}", [(byte)i, 42]));
        }

        digests.Sort(StringComparer.Ordinal);

        Assert.Equal(digests, await ToListAsync(Store.ListAsync(null, Ct)));
        Assert.Equal(digests[5..], await ToListAsync(Store.ListAsync(digests[4], Ct)));
        Assert.Empty(await ToListAsync(Store.ListAsync(digests[^1], Ct)));

        // A cursor need not name a stored blob.
        var before = "sha256:" + new string('0', 64);
        Assert.Equal(digests, await ToListAsync(Store.ListAsync(before, Ct)));
    }

    [Fact]
    public async Task List_of_empty_store_is_empty()
    {
        Assert.Empty(await ToListAsync(Store.ListAsync(null, Ct)));
    }

    [Fact]
    public async Task Delete_removes_blob_and_is_idempotent()
    {
        var digest = await PublishAsync("delete", [1, 2, 3, 4]);

        await Store.DeleteAsync(digest, Ct);
        await Store.DeleteAsync(digest, Ct);

        Assert.Null(await Store.StatAsync(digest, Ct));
        Assert.Empty(await ToListAsync(Store.ListAsync(null, Ct)));
        await Store.DeleteAsync(Sha256([7, 7]), Ct);
    }

    [Fact]
    public async Task DeleteMany_removes_every_named_blob_keeps_the_others_and_ignores_absent_ones()
    {
        var first = await PublishAsync("many-1", [1, 1, 1]);
        var second = await PublishAsync("many-2", [2, 2, 2]);
        var kept = await PublishAsync("many-3", [3, 3, 3]);

        await Store.DeleteManyAsync([first, second, Sha256([8, 8])], Ct);

        Assert.Null(await Store.StatAsync(first, Ct));
        Assert.Null(await Store.StatAsync(second, Ct));
        Assert.NotNull(await Store.StatAsync(kept, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteManyAsync([kept, "sha256:nope"], Ct));
        Assert.NotNull(await Store.StatAsync(kept, Ct));
    }

    [Fact]
    public async Task Delete_upload_removes_it_and_is_idempotent()
    {
        await WriteUploadAsync("cancelled", [1, 2, 3]);

        await Store.DeleteUploadAsync("cancelled", Ct);
        await Store.DeleteUploadAsync("cancelled", Ct);
        await Store.DeleteUploadAsync("never-existed", Ct);

        Assert.Null(await Store.DigestUploadAsync("cancelled", Ct));
        await Assert.ThrowsAsync<UploadNotFoundException>(() => Store.OpenUploadAsync("cancelled", 3, Ct));
    }

    [Fact]
    public async Task Upload_reopened_after_delete_at_zero_has_fresh_digest()
    {
        await WriteUploadAsync("reused", [1, 2, 3]);
        await Store.DeleteUploadAsync("reused", Ct);

        await using var writer = await Store.OpenUploadAsync("reused", 0, Ct);
        await writer.AppendAsync(new MemoryStream([4, 5]), null, Ct);

        Assert.Equal(Sha256([4, 5]), writer.CurrentDigest);
    }

    protected static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected async Task WriteUploadAsync(string uploadId, byte[] bytes)
    {
        await using var writer = await Store.OpenUploadAsync(uploadId, 0, Ct);
        await writer.AppendAsync(new MemoryStream(bytes), null, Ct);
        await writer.FlushAsync(Ct);
    }

    /// <summary>Uploads <paramref name="bytes"/> in one chunk, verifies the digest as a caller would and publishes.</summary>
    protected async Task<string> PublishAsync(string uploadId, byte[] bytes)
    {
        string? digest;
        await using (var writer = await Store.OpenUploadAsync(uploadId, 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(bytes), null, Ct);
            await writer.FlushAsync(Ct);
            digest = writer.CurrentDigest;
        }

        Assert.Equal(Sha256(bytes), digest);
        await Store.PublishAsync(uploadId, digest!, Ct);
        return digest!;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
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
