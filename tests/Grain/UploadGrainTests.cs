using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class UploadGrainTests(RegistryClusterFixture fixture)
{
    private IUploadGrain Upload(string id) => fixture.Client.GetGrain<IUploadGrain>(id);

    [Fact]
    public async Task Start_new_session_returns_offset_zero_and_persists_it()
    {
        var id = TestContent.NewUploadId();
        var repository = TestContent.NewRepository();

        var info = await Upload(id).StartAsync(repository);

        Assert.Equal(id, info.Id);
        Assert.Equal(repository, info.Repository);
        Assert.Equal(0, info.Offset);
        Assert.Equal(info, await Upload(id).GetAsync());
        var stored = await fixture.Metadata.GetUploadAsync(id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(0, stored.Offset);
    }

    [Fact]
    public async Task TryBeginChunk_at_current_offset_is_granted()
    {
        var id = await StartAsync();

        var lease = await Upload(id).TryBeginChunkAsync(0);

        Assert.True(lease.Granted);
        Assert.Equal(0, lease.Offset);
    }

    [Fact]
    public async Task TryBeginChunk_at_wrong_offset_returns_RangeInvalid_with_current_offset()
    {
        var id = await StartAsync();
        await AppendChunkAsync(id, 10);

        var lease = await Upload(id).TryBeginChunkAsync(5);

        Assert.Equal(RegistryError.RangeInvalid, lease.Error);
        Assert.Equal(10, lease.Offset);
        Assert.True((await Upload(id).TryBeginChunkAsync(10)).Granted);
    }

    [Fact]
    public async Task TryBeginChunk_while_another_lease_held_returns_BlobUploadInvalid()
    {
        var id = await StartAsync();
        Assert.True((await Upload(id).TryBeginChunkAsync(null)).Granted);

        var second = await Upload(id).TryBeginChunkAsync(null);

        Assert.Equal(RegistryError.BlobUploadInvalid, second.Error);
        Assert.Equal(0, second.Offset);
    }

    [Fact]
    public async Task EndChunk_advances_offset_and_releases_lease()
    {
        var id = await StartAsync();
        Assert.True((await Upload(id).TryBeginChunkAsync(0)).Granted);

        var info = await Upload(id).EndChunkAsync(4096);

        Assert.NotNull(info);
        Assert.Equal(4096, info.Offset);
        Assert.Equal(4096, (await fixture.Metadata.GetUploadAsync(id, CancellationToken.None))!.Offset);
        var next = await Upload(id).TryBeginChunkAsync(null);
        Assert.True(next.Granted);
        Assert.Equal(4096, next.Offset);
    }

    [Fact]
    public async Task TryBeginChunk_after_lease_expired_lets_another_writer_in()
    {
        var id = await StartAsync();
        Assert.True((await Upload(id).TryBeginChunkAsync(0)).Granted);
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(RegistryError.BlobUploadInvalid, (await Upload(id).TryBeginChunkAsync(0)).Error);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        var lease = await Upload(id).TryBeginChunkAsync(0);
        Assert.True(lease.Granted);
        Assert.Equal(0, lease.Offset);
    }

    [Fact]
    public async Task Cancel_removes_session_metadata_and_upload_bytes()
    {
        var id = await StartAsync();
        await TestContent.WriteUploadAsync(fixture, id, TestContent.RandomBytes(32));
        Assert.NotNull(await fixture.Blobs.DigestUploadAsync(id, CancellationToken.None));

        Assert.True(await Upload(id).CancelAsync());

        Assert.Null(await Upload(id).GetAsync());
        Assert.Null(await fixture.Metadata.GetUploadAsync(id, CancellationToken.None));
        Assert.Null(await fixture.Blobs.DigestUploadAsync(id, CancellationToken.None));
        Assert.Equal(RegistryError.BlobUploadUnknown, (await Upload(id).TryBeginChunkAsync(0)).Error);
        Assert.False(await Upload(id).CancelAsync());
    }

    [Fact]
    public async Task Complete_closes_session_and_forgets_it()
    {
        var id = await StartAsync();

        await Upload(id).CompleteAsync();

        Assert.Null(await Upload(id).GetAsync());
        Assert.Null(await fixture.Metadata.GetUploadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Calls_on_unknown_id_return_BlobUploadUnknown()
    {
        var id = TestContent.NewUploadId();

        Assert.Null(await Upload(id).GetAsync());
        var lease = await Upload(id).TryBeginChunkAsync(null);
        Assert.Equal(RegistryError.BlobUploadUnknown, lease.Error);
        Assert.Null(lease.Repository);
        Assert.Null(await Upload(id).EndChunkAsync(10));
        Assert.False(await Upload(id).CancelAsync());
    }

    [Fact]
    public async Task Reactivation_resumes_session_at_durable_offset()
    {
        var repository = TestContent.NewRepository();
        var id = await StartAsync(repository);
        await AppendChunkAsync(id, 42);

        await fixture.ReactivateAsync(Upload(id));

        var info = await Upload(id).GetAsync();
        Assert.NotNull(info);
        Assert.Equal(42, info.Offset);
        Assert.Equal(repository, info.Repository);
        Assert.Equal(RegistryError.RangeInvalid, (await Upload(id).TryBeginChunkAsync(0)).Error);
        var lease = await Upload(id).TryBeginChunkAsync(42);
        Assert.True(lease.Granted);
        Assert.Equal(repository, lease.Repository);
    }

    private async Task<string> StartAsync(string? repository = null)
    {
        var id = TestContent.NewUploadId();
        await Upload(id).StartAsync(repository ?? TestContent.NewRepository());
        return id;
    }

    private async Task AppendChunkAsync(string id, long newOffset)
    {
        Assert.True((await Upload(id).TryBeginChunkAsync(null)).Granted);
        Assert.Equal(newOffset, (await Upload(id).EndChunkAsync(newOffset))!.Offset);
    }
}
