using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>Pushes images through the grains as the gateway does, and runs the collector to its end.</summary>
internal sealed class GcHarness(RegistryClusterFixture fixture)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(2);

    public IGcGrain Collector => fixture.Client.GetGrain<IGcGrain>(IGcGrain.SingletonKey);

    public IBlobGrain Blob(string digest) => fixture.Client.GetGrain<IBlobGrain>(digest);

    public IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    /// <summary>Starts a run and waits until it ends; fails the test when it does not succeed.</summary>
    public async Task<GcRun> RunAsync(bool dryRun = false, bool deleteUntagged = false, int workers = 2)
    {
        var started = await Collector.StartAsync(new GcParameters(deleteUntagged, dryRun, workers), GcTriggers.Manual);
        Assert.False(started.AlreadyRunning);
        var run = await WaitAsync(started.Run.Id);
        Assert.True(run.Status == GcJobStatus.Success, $"GC run {run.Id} ended {run.Status}: {await fixture.Metadata.GetGcRunLogAsync(run.Id, CancellationToken.None)}");
        return run;
    }

    public async Task<GcRun> WaitAsync(long runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var run = await fixture.Metadata.GetGcRunAsync(runId, CancellationToken.None);
            Assert.NotNull(run);
            if (run.Status is GcJobStatus.Success or GcJobStatus.Error or GcJobStatus.Stopped)
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>A pushed image: its manifest digest and the blobs it references.</summary>
    public sealed record PushedImage(string Repository, string Digest, string Config, string Layer, byte[] ConfigBytes, byte[] LayerBytes);

    /// <summary>Publishes a fresh config and <paramref name="layer"/> (or a fresh one) and puts the manifest under <paramref name="reference"/>.</summary>
    public async Task<PushedImage> PushAsync(string repository, string? reference, byte[]? layer = null, string? subject = null)
    {
        var configBytes = TestContent.RandomBytes(50);
        var layerBytes = layer ?? TestContent.RandomBytes(200);
        var config = await TestContent.PublishBlobAsync(fixture, repository, configBytes);
        var layerDigest = await TestContent.PublishBlobAsync(fixture, repository, layerBytes);
        var content = Manifests.Image((config, configBytes.Length), (layerDigest, layerBytes.Length), subjectDigest: subject);
        var result = await Repository(repository).PutManifestAsync(new PutManifestRequest(reference ?? TestContent.DigestOf(content), null, content));
        Assert.True(result.Succeeded, result.Message);
        return new PushedImage(repository, result.Digest!, config, layerDigest, configBytes, layerBytes);
    }

    /// <summary>Whether the blob is present, with bytes in the store that hash to its digest.</summary>
    public async Task<bool> HasIntactBlobAsync(string digest)
    {
        if (await Blob(digest).GetAsync() is null)
        {
            return false;
        }

        await using var stream = await fixture.Blobs.OpenReadAsync(digest, CancellationToken.None);
        return stream is not null && TestContent.DigestOf(await ReadAllAsync(stream)) == digest;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
