using System.Collections.Concurrent;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Tests.Cluster.Support;

namespace ArtifactKeeper.Tests.Cluster.Registry;

/// <summary>
/// DESIGN §2 and invariant 3 in cluster mode: losing a silo loses no acknowledged write. Each test
/// runs its own three-silo cluster over a fresh PostgreSQL database, kills the silo hosting a
/// repository grain without a graceful shutdown, and talks to the grain reactivated on a survivor.
/// </summary>
public sealed class RepositoryGrainFailoverTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const int Writers = 4;
    private const int AcknowledgedPerWriter = 30;
    private const int MaxPutsPerWriter = 150;
    private const int KillAfterAcknowledged = 20;
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(100);

    private RegistryCluster? _cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RegistryCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started");

    public async ValueTask InitializeAsync() => _cluster = await RegistryCluster.StartAsync(server, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Invariant3_killing_the_silo_hosting_a_repository_mid_push_loses_no_acknowledged_manifest()
    {
        var name = NewRepository();
        var repository = Repository(name);
        var (config, layer) = await PublishImageBlobsAsync(name);
        var attempts = new ConcurrentQueue<PutAttempt>();
        var acknowledgedCount = 0;
        var killed = 0;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        budget.CancelAfter(TimeSpan.FromSeconds(40));

        // Each writer pushes distinct tags until 30 were acknowledged, pausing after a failure as a
        // client retrying would; the attempt cap and the budget bound the loop if the grain never returns.
        async Task WriteAsync(int writer)
        {
            var acknowledgedHere = 0;
            for (var i = 0; i < MaxPutsPerWriter && acknowledgedHere < AcknowledgedPerWriter && !budget.IsCancellationRequested; i++)
            {
                var tag = $"w{writer}-{i:D2}";
                var content = ImageManifests.Image(config, layer, tag);
                var afterKill = Volatile.Read(ref killed) == 1;
                try
                {
                    var result = await repository.PutManifestAsync(new PutManifestRequest(tag, null, content)).WaitAsync(budget.Token);
                    attempts.Enqueue(new PutAttempt(tag, content, afterKill, result.Succeeded ? null : result.Error, null));
                    if (result.Succeeded)
                    {
                        acknowledgedHere++;
                        if (Interlocked.Increment(ref acknowledgedCount) == KillAfterAcknowledged)
                        {
                            killNow.TrySetResult();
                        }
                    }
                }
                catch (Exception e)
                {
                    // The silo died under this call, or the repository is still registered on the dead
                    // silo: the outcome is unknown, so the put is not acknowledged.
                    attempts.Enqueue(new PutAttempt(tag, content, afterKill, null, e.GetType().Name));
                    await Task.Delay(PauseAfterFailure, CancellationToken.None);
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), CancellationToken.None)).ToArray();
        await killNow.Task.WaitAsync(budget.Token);
        var host = Cluster.HostOf(repository);
        Assert.NotNull(host);
        await Cluster.KillAsync(host);
        Volatile.Write(ref killed, 1);
        await Task.WhenAll(writers);

        var all = attempts.ToList();
        var acknowledged = all.Where(a => a.Acknowledged).ToList();
        Report(host.Name, all);
        Assert.DoesNotContain(all, a => a.Refusal is not null);
        Assert.Contains(acknowledged, a => a.StartedAfterKill);
        var newHost = Cluster.HostOf(repository);
        Assert.NotNull(newHost);
        Assert.NotEqual(host.SiloAddress, newHost.SiloAddress);
        Assert.DoesNotContain(Cluster.Silos, s => s.SiloAddress.Equals(host.SiloAddress));

        foreach (var put in acknowledged)
        {
            var byTag = await repository.GetManifestAsync(put.Tag);
            Assert.True(byTag is not null, $"acknowledged tag {put.Tag} is gone");
            Assert.Equal(put.Digest, byTag.Digest);
            Assert.Equal(put.Content, byTag.Content);
            Assert.Equal(put.Content, (await repository.GetManifestAsync(put.Digest))?.Content);
        }

        var listed = await ListAllTagsAsync(repository, pageSize: 25);
        Assert.Subset(listed.ToHashSet(), acknowledged.Select(a => a.Tag).ToHashSet());
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        var attempted = all.ToDictionary(a => a.Tag, a => a.Digest);
        foreach (var tag in listed)
        {
            // An unacknowledged put may or may not have landed, but never as another manifest.
            Assert.Equal(attempted[tag], (await repository.GetManifestAsync(tag))?.Digest);
        }

        await using var store = new PostgresMetadataStore(Cluster.ConnectionString);
        var snapshot = await store.LoadRepositoryAsync(name, Ct);
        var storedTags = snapshot.Tags.ToDictionary(t => t.Name, t => t.Digest, StringComparer.Ordinal);
        foreach (var put in acknowledged)
        {
            Assert.True(storedTags.TryGetValue(put.Tag, out var digest), $"acknowledged tag {put.Tag} is not in the store");
            Assert.Equal(put.Digest, digest);
        }

        Assert.Subset(storedTags.Keys.ToHashSet(), listed.ToHashSet());
        Assert.Subset(snapshot.Manifests.Select(m => m.Digest).ToHashSet(), acknowledged.Select(a => a.Digest).ToHashSet());
        Assert.All(storedTags, t => Assert.Equal(attempted[t.Key], t.Value));
        var unacknowledged = all.Where(a => !a.Acknowledged).Select(a => a.Tag).ToHashSet(StringComparer.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"reactivated on {newHost.Name}; unacknowledged puts listed: {listed.Count(unacknowledged.Contains)}, " +
            $"stored: {storedTags.Keys.Count(unacknowledged.Contains)}; stored but not listed: {storedTags.Keys.Except(listed).Count()}");
    }

    [Fact]
    public async Task Repository_reactivated_after_its_silo_is_killed_keeps_enforcing_its_state()
    {
        var name = NewRepository();
        var repository = Repository(name);
        var (config, layer) = await PublishImageBlobsAsync(name);
        var first = ImageManifests.Image(config, layer, "first");
        var second = ImageManifests.Image(config, layer, "second");
        var firstDigest = RegistryCluster.DigestOf(first);
        var secondDigest = RegistryCluster.DigestOf(second);
        foreach (var (tag, content) in new[] { ("a", first), ("b", first), ("c", first), ("d", second), ("e", second) })
        {
            var put = await repository.PutManifestAsync(new PutManifestRequest(tag, null, content));
            Assert.True(put.Succeeded, put.Message);
        }

        var foreignLayer = await Cluster.PublishBlobAsync(NewRepository(), RandomBytes(), Ct);
        var host = Cluster.HostOf(repository);
        Assert.NotNull(host);

        await Cluster.KillAsync(host);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            await Cluster.WaitUntilDeclaredDeadAsync(host.SiloAddress, deadline.Token);
        }

        // Paging, deletes and reference checks all run on the index the new activation loaded from the store.
        var page1 = await repository.ListTagsAsync(null, 2);
        var page2 = await repository.ListTagsAsync(page1.Tags[^1], 2);
        var page3 = await repository.ListTagsAsync(page2.Tags[^1], 2);
        Assert.Equal(["a", "b"], page1.Tags);
        Assert.True(page1.HasMore);
        Assert.Equal(["c", "d"], page2.Tags);
        Assert.True(page2.HasMore);
        Assert.Equal(["e"], page3.Tags);
        Assert.False(page3.HasMore);
        var newHost = Cluster.HostOf(repository);
        Assert.NotNull(newHost);
        Assert.NotEqual(host.SiloAddress, newHost.SiloAddress);
        Assert.Equal(first, (await repository.GetManifestAsync("a"))?.Content);
        Assert.Equal(secondDigest, (await repository.GetManifestAsync("e"))?.Digest);

        Assert.Equal(RegistryError.None, (await repository.TryDeleteManifestAsync(secondDigest)).Error);
        Assert.Equal(RegistryError.ManifestUnknown, (await repository.TryDeleteManifestAsync(secondDigest)).Error);
        Assert.Null(await repository.GetManifestAsync(secondDigest));
        Assert.Null(await repository.GetManifestAsync("d"));
        Assert.Equal(RegistryError.None, (await repository.TryDeleteTagAsync("a")).Error);
        Assert.Equal(RegistryError.ManifestUnknown, (await repository.TryDeleteTagAsync("a")).Error);
        var overDeleted = await repository.PutManifestAsync(new PutManifestRequest("idx", null, ImageManifests.Index(secondDigest, second.Length)));
        Assert.Equal(RegistryError.ManifestBlobUnknown, overDeleted.Error);
        var withForeignLayer = await repository.PutManifestAsync(new PutManifestRequest("foreign", null, ImageManifests.Image(config, foreignLayer, "foreign")));
        Assert.Equal(RegistryError.ManifestBlobUnknown, withForeignLayer.Error);
        Assert.Contains(foreignLayer.Digest, withForeignLayer.Message, StringComparison.Ordinal);

        var remaining = await repository.ListTagsAsync(null, null);
        Assert.Equal(["b", "c"], remaining.Tags);
        Assert.False(remaining.HasMore);
        await using var store = new PostgresMetadataStore(Cluster.ConnectionString);
        var snapshot = await store.LoadRepositoryAsync(name, Ct);
        Assert.Equal([("b", firstDigest), ("c", firstDigest)], snapshot.Tags.Select(t => (t.Name, t.Digest)).Order());
        Assert.Equal([firstDigest], snapshot.Manifests.Select(m => m.Digest));
    }

    private IRepositoryGrain Repository(string name) => Cluster.Client.GetGrain<IRepositoryGrain>(name);

    private static string NewRepository() => $"{RegistrySeeder.LibraryProject}/failover-{Guid.NewGuid():N}";

    private static byte[] RandomBytes() => Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray();

    private async Task<((string Digest, long Size) Config, (string Digest, long Size) Layer)> PublishImageBlobsAsync(string name)
    {
        var config = await Cluster.PublishBlobAsync(name, "{\"architecture\":\"amd64\",\"os\":\"linux\"}"u8.ToArray(), Ct);
        var layer = await Cluster.PublishBlobAsync(name, RandomBytes(), Ct);
        return (config, layer);
    }

    private static async Task<List<string>> ListAllTagsAsync(IRepositoryGrain repository, int pageSize)
    {
        var tags = new List<string>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await repository.ListTagsAsync(tags.Count == 0 ? null : tags[^1], pageSize);
            tags.AddRange(page.Tags);
            if (!page.HasMore)
            {
                return tags;
            }
        }

        throw new InvalidOperationException("tag list did not end within 100 pages");
    }

    private static void Report(string killedSilo, IReadOnlyList<PutAttempt> attempts)
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"killed {killedSilo}; {attempts.Count} puts: {attempts.Count(a => a.Acknowledged)} acknowledged " +
            $"({attempts.Count(a => a.Acknowledged && a.StartedAfterKill)} started after the kill)");
        foreach (var outcome in attempts.Where(a => !a.Acknowledged).GroupBy(a => a.Failure ?? a.Refusal.ToString()))
        {
            output?.WriteLine($"  {outcome.Count()} x {outcome.Key}");
        }
    }

    /// <summary>One manifest PUT of the workload: acknowledged, refused with an error, or failed with an exception.</summary>
    private sealed record PutAttempt(string Tag, byte[] Content, bool StartedAfterKill, RegistryError? Refusal, string? Failure)
    {
        public string Digest { get; } = RegistryCluster.DigestOf(Content);

        public bool Acknowledged => Refusal is null && Failure is null;
    }
}
