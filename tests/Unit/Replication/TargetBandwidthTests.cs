using ArtifactKeeper.Replication.Transfer;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>
/// A target's aggregate bandwidth: copies to one destination share one bucket on top of each task's own speed. The
/// bucket's clock moves only when the bucket waits, so the accounting is asserted, not timed.
/// </summary>
public sealed class TargetBandwidthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_blob_byte_of_every_copy_to_the_target_is_taken_from_its_shared_bucket_and_waits_at_its_rate()
    {
        const int rate = 100;
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var first = TestArtifacts.Image(source, "src/a", "v1");
        var second = TestArtifacts.Image(source, "src/b", "v1");
        var clock = new BandwidthLimitedStreamTests.SteppedClock();
        var shared = new TokenBucket(rate, clock, clock.DelayAsync);
        var copier = new ArtifactCopier(new RecentBlobLocations(), TimeProvider.System, NullLogger<ArtifactCopier>.Instance);

        // Two tasks (one after the other: the stepped clock is not thread-safe), each with its own speed far above the
        // shared rate, so only the shared bucket makes anyone wait.
        ArtifactCopyResult[] results =
        [
            await copier.CopyAsync(Request(source, "src/a", first, destination, "dst/a", shared), null, Ct),
            await copier.CopyAsync(Request(source, "src/b", second, destination, "dst/b", shared), null, Ct),
        ];

        var sent = results.Sum(r => r.BytesSent);
        Assert.True(sent > rate, "the images must be larger than the bucket's burst for the test to mean anything");
        Assert.Equal(sent, shared.TakenBytes);

        // The first second's worth (the burst) is free; every further byte of either copy costs 1/rate seconds.
        var expected = TimeSpan.FromSeconds((sent - rate) / (double)rate);
        Assert.InRange(clock.Waited, expected - TimeSpan.FromMilliseconds(1), expected + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Blobs_the_target_already_has_or_mounts_take_nothing_from_the_shared_bucket()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var image = TestArtifacts.Image(source, "src/a", "v1");
        var clock = new BandwidthLimitedStreamTests.SteppedClock();
        var shared = new TokenBucket(1024 * 1024, clock, clock.DelayAsync);
        var copier = new ArtifactCopier(new RecentBlobLocations(), TimeProvider.System, NullLogger<ArtifactCopier>.Instance);

        var pushed = await copier.CopyAsync(Request(source, "src/a", image, destination, "dst/a", shared), null, Ct);
        var again = await copier.CopyAsync(Request(source, "src/a", image, destination, "dst/a", shared), null, Ct);
        var mounted = await copier.CopyAsync(Request(source, "src/a", image, destination, "dst/elsewhere", shared), null, Ct);

        Assert.Equal((0L, 0L), (again.BytesSent, mounted.BytesSent));
        Assert.Equal(pushed.BytesSent, shared.TakenBytes);
    }

    private static ArtifactCopyRequest Request(
        InMemoryOciRegistry source, string from, OciManifest manifest, InMemoryOciRegistry destination, string to, TokenBucket? shared) =>
        new(source, from, manifest.Digest, ["v1"], destination, to, Override: false, ChunkSize: null, BytesPerSecond: 1024L * 1024 * 1024, SharedBandwidth: shared);
}
