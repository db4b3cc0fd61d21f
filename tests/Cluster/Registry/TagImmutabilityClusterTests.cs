using ArtifactKeeper.Policy;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Tests.Cluster.Support;

namespace ArtifactKeeper.Tests.Cluster.Registry;

/// <summary>
/// Immutable rules in cluster mode: the project grain owns them (one activation in the cluster), repository grains
/// on any silo ask it, and killing the silo that hosts it loses no rule (they are reloaded from PostgreSQL).
/// </summary>
public sealed class TagImmutabilityClusterTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
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
    public async Task Invariant5_rules_hold_across_silos_and_survive_the_loss_of_the_project_grains_silo()
    {
        var project = "prod" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await Cluster.Client.GetGrain<IProjectGrain>(project).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
        var rules = Cluster.Client.GetGrain<IProjectImmutabilityGrain>(project);
        var created = await rules.TryCreateImmutableRuleAsync(new ImmutableRule(
            0, 0, false, "", "", null, [new ImmutableSelector("doublestar", "matches", "v*.*.*")],
            new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new ImmutableSelector("doublestar", "repoMatches", "**")] }));
        Assert.True(created.Succeeded, created.Message);

        var name = $"{project}/app";
        var repository = Cluster.Client.GetGrain<IRepositoryGrain>(name);
        var config = await Cluster.PublishBlobAsync(name, "{}"u8.ToArray(), Ct);
        var layer = await Cluster.PublishBlobAsync(name, Guid.NewGuid().ToByteArray(), Ct);
        var release = ImageManifests.Image(config, layer, "release");
        var rebuilt = ImageManifests.Image(config, layer, "rebuilt");
        Assert.True((await repository.PutManifestAsync(new PutManifestRequest("v1.2.3", null, release))).Succeeded);
        Assert.Equal(RegistryError.TagImmutable, (await repository.PutManifestAsync(new PutManifestRequest("v1.2.3", null, rebuilt))).Error);

        var host = Cluster.HostOf(rules);
        Assert.NotNull(host);
        await Cluster.KillAsync(host);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            await Cluster.WaitUntilDeclaredDeadAsync(host.SiloAddress, deadline.Token);
        }

        // Whichever silos now host the two grains, the rule is still there and still enforced.
        var again = await repository.PutManifestAsync(new PutManifestRequest("v1.2.3", null, rebuilt));
        Assert.Equal(RegistryError.TagImmutable, again.Error);
        Assert.Contains($"immutable rule {created.Rule!.Id}", again.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryError.TagImmutable, (await repository.TryDeleteTagAsync("v1.2.3")).Error);
        Assert.True((await repository.PutManifestAsync(new PutManifestRequest("latest", null, rebuilt))).Succeeded);
        Assert.Equal(RegistryCluster.DigestOf(release), (await repository.GetManifestAsync("v1.2.3"))!.Digest);
        var newHost = Cluster.HostOf(rules);
        Assert.NotNull(newHost);
        Assert.NotEqual(host.SiloAddress, newHost.SiloAddress);

        // A change made now is seen by the next check at once.
        Assert.True((await rules.TryDeleteImmutableRuleAsync(created.Rule.Id)).Succeeded);
        Assert.True((await repository.PutManifestAsync(new PutManifestRequest("v1.2.3", null, rebuilt))).Succeeded);
    }
}
