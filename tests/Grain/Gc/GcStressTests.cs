using System.Collections.Concurrent;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>
/// Sixteen pushers sharing layers across four repositories, deleting some of what they pushed, while the collector
/// runs in a loop with a zero window (the most aggressive setting). Afterwards every acknowledged image pulls whole.
/// </summary>
[Collection(GcClusterCollection.Name)]
public sealed class GcStressTests(RegistryClusterFixture fixture)
{
    private const int Pushers = 16;
    private const int RoundsPerPusher = 12;
    private const int MinimumGcRuns = 3;

    private readonly GcHarness _gc = new(fixture);

    [Fact]
    public async Task Every_acknowledged_image_survives_concurrent_gc_runs()
    {
        var repositories = Enumerable.Range(0, 4).Select(_ => TestContent.NewRepository("stress")).ToArray();
        var sharedLayers = Enumerable.Range(0, 4).Select(_ => TestContent.RandomBytes(256)).ToArray();
        var acknowledged = new ConcurrentDictionary<(string Repository, string Tag), Pushed>();
        var retries = 0;
        fixture.Gc.TimeWindow = TimeSpan.Zero;
        try
        {
            using var pushersDone = new CancellationTokenSource();
            var gcRuns = 0;
            var collector = Task.Run(
                async () =>
            {
                while (!pushersDone.IsCancellationRequested || gcRuns < MinimumGcRuns)
                {
                    await _gc.RunAsync(deleteUntagged: gcRuns % 2 == 1, workers: 3);
                    gcRuns++;
                }
            },
                TestContext.Current.CancellationToken);

            var pushers = Enumerable.Range(0, Pushers).Select(pusher => Task.Run(async () =>
            {
                Pushed? previous = null;
                for (var round = 0; round < RoundsPerPusher; round++)
                {
                    var repository = repositories[(pusher + round) % repositories.Length];
                    var tag = $"p{pusher}-r{round}";
                    var pushed = await PushWithRetriesAsync(repository, tag, sharedLayers[(pusher * 7 + round) % sharedLayers.Length], () => Interlocked.Increment(ref retries));
                    acknowledged[(repository, tag)] = pushed;

                    // Every other round the previous image is deleted, so the collector always has garbage to take.
                    if (round % 2 == 1 && previous is not null)
                    {
                        Assert.True((await _gc.Repository(previous.Repository).TryDeleteManifestAsync(previous.Digest)).Succeeded);
                        acknowledged.TryRemove((previous.Repository, previous.Tag), out _);
                    }

                    previous = pushed;
                }
            },
                TestContext.Current.CancellationToken)).ToList();

            await Task.WhenAll(pushers);
            await pushersDone.CancelAsync();
            await collector;
            Assert.True(gcRuns >= MinimumGcRuns);
        }
        finally
        {
            fixture.Gc.TimeWindow = GcHarness.Window;
        }

        Assert.NotEmpty(acknowledged);
        foreach (var ((repository, tag), pushed) in acknowledged)
        {
            var manifest = await _gc.Repository(repository).GetManifestAsync(tag);
            Assert.NotNull(manifest);
            Assert.Equal(pushed.Digest, manifest.Digest);
            foreach (var blob in new[] { pushed.Config, pushed.Layer })
            {
                Assert.True(await _gc.HasIntactBlobAsync(blob), $"{repository}:{tag} lost blob {blob} ({retries} retries in the run)");
                Assert.True(await _gc.Blob(blob).IsLinkedAsync(repository), $"{repository}:{tag} lost its link to {blob}");
            }
        }
    }

    private sealed record Pushed(string Repository, string Tag, string Digest, string Config, string Layer);

    /// <summary>
    /// Pushes as a client does: uploads (or, for a layer the repository may already hold, links) the blobs, then puts the
    /// manifest. A blob the collector is taking answers BlobGone and a manifest whose link it removed answers
    /// ManifestBlobUnknown: both mean "upload again", which is what a client does.
    /// </summary>
    private async Task<Pushed> PushWithRetriesAsync(string repository, string tag, byte[] layerBytes, Action retried)
    {
        var configBytes = TestContent.RandomBytes(40);
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 200, $"push of {repository}:{tag} kept failing");
            var config = await UploadAsync(repository, configBytes);
            var layer = await UploadAsync(repository, layerBytes);
            if (config is null || layer is null)
            {
                retried();
                await Task.Delay(5, TestContext.Current.CancellationToken);
                continue;
            }

            var content = Manifests.Image((config, configBytes.Length), (layer, layerBytes.Length));
            var result = await _gc.Repository(repository).PutManifestAsync(new PutManifestRequest(tag, null, content));
            if (result.Succeeded)
            {
                return new Pushed(repository, tag, result.Digest!, config, layer);
            }

            Assert.Equal(RegistryError.ManifestBlobUnknown, result.Error);
            retried();
        }
    }

    private async Task<string?> UploadAsync(string repository, byte[] bytes)
    {
        var uploadId = TestContent.NewUploadId();
        var digest = await TestContent.WriteUploadAsync(fixture, uploadId, bytes);
        var outcome = await _gc.Blob(digest).TryPublishAsync(uploadId, bytes.Length, repository);
        if (outcome == LinkOutcome.Linked)
        {
            return digest;
        }

        Assert.Equal(LinkOutcome.BlobGone, outcome);
        await fixture.Blobs.DeleteUploadAsync(uploadId, CancellationToken.None);
        return null;
    }
}
