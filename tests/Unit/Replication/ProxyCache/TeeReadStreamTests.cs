using ArtifactKeeper.Oci;
using ArtifactKeeper.Replication.ProxyCache;

namespace ArtifactKeeper.Tests.Unit.Replication.ProxyCache;

/// <summary>
/// The tee of a proxy-cache miss: the reader (the cache) always gets every byte; the client gets exactly the bytes of
/// its range, whatever the read sizes, and losing the client does not stop the reading.
/// </summary>
public sealed class TeeReadStreamTests
{
    private static readonly byte[] Blob = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(0, 10_000, 4096)]
    [InlineData(100, 500, 333)]
    [InlineData(0, 1, 1)]
    [InlineData(9_999, 1, 64)]
    [InlineData(4096, 4096, 4096)]
    [InlineData(5_000, 5_000, 7_000)]
    public async Task The_client_gets_exactly_its_range_and_the_reader_everything(int offset, int length, int readSize)
    {
        using var client = new MemoryStream();
        await using var tee = new TeeReadStream(new MemoryStream(Blob), client, CancellationToken.None, new ByteRange(offset, length));

        var cached = await ReadAllAsync(tee, readSize);

        Assert.Equal(Blob, cached);
        Assert.Equal(Blob[offset..(offset + length)], client.ToArray());
        Assert.False(tee.ClientGone);
    }

    [Fact]
    public async Task Without_a_range_the_client_gets_the_whole_blob()
    {
        using var client = new MemoryStream();
        await using var tee = new TeeReadStream(new MemoryStream(Blob), client, CancellationToken.None);

        Assert.Equal(Blob, await ReadAllAsync(tee, 1000));
        Assert.Equal(Blob, client.ToArray());
    }

    [Fact]
    public async Task A_client_that_goes_away_is_dropped_and_the_reader_still_gets_everything()
    {
        var client = new MemoryStream();
        await using var tee = new TeeReadStream(new MemoryStream(Blob), client, CancellationToken.None);
        var first = new byte[1000];
        Assert.Equal(1000, await tee.ReadAsync(first, TestContext.Current.CancellationToken));
        await client.DisposeAsync();

        var rest = await ReadAllAsync(tee, 1000);

        Assert.True(tee.ClientGone);
        Assert.Equal(Blob, first.Concat(rest).ToArray());
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, int readSize)
    {
        using var all = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }
}
