using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Pull counts, statistics, repository search and API-set settings, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task RecordPulls_adds_counts_per_manifest_and_repository_and_keeps_the_latest_time()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a"), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:b"), null, Ct);
        await store.PutManifestAsync(Manifest("lib/other", "sha256:a"), null, Ct);

        await store.RecordPullsAsync(
            [new("lib/app", "sha256:a", 3, T0.AddMinutes(2)), new("lib/app", "sha256:b", 1, T0), new("lib/other", "sha256:a", 5, T0.AddMinutes(1))], Ct);
        await store.RecordPullsAsync([new("lib/app", "sha256:a", 2, T0.AddMinutes(1))], Ct);

        var app = await store.GetArtifactPullsAsync("lib/app", ["sha256:a", "sha256:b", "sha256:unknown"], Ct);
        Assert.Equal(new ArtifactPulls(5, T0.AddMinutes(2)), app["sha256:a"]);
        Assert.Equal(new ArtifactPulls(1, T0), app["sha256:b"]);
        Assert.False(app.ContainsKey("sha256:unknown"));
        Assert.Equal(new ArtifactPulls(5, T0.AddMinutes(1)), (await store.GetArtifactPullsAsync("lib/other", ["sha256:a"], Ct))["sha256:a"]);

        var repositories = await store.GetRepositoryPullCountsAsync(["lib/app", "lib/other", "lib/none"], Ct);
        Assert.Equal(new Dictionary<string, long> { ["lib/app"] = 6, ["lib/other"] = 5 }, repositories);
    }

    [Fact]
    public async Task Never_pulled_manifest_has_count_zero_and_no_time()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a"), "v1", Ct);

        Assert.Equal(new ArtifactPulls(0, null), (await store.GetArtifactPullsAsync("lib/app", ["sha256:a"], Ct))["sha256:a"]);
        Assert.Equal(0, (await store.GetRepositoryPullCountsAsync(["lib/app"], Ct))["lib/app"]);
    }

    [Fact]
    public async Task RecordPulls_of_deleted_manifests_or_repositories_changes_nothing_else()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a"), "v1", Ct);

        await store.RecordPullsAsync([new("lib/app", "sha256:gone", 4, T0), new("lib/gone", "sha256:a", 2, T0), new("lib/app", "sha256:a", 1, T0)], Ct);

        Assert.Equal(new ArtifactPulls(1, T0), (await store.GetArtifactPullsAsync("lib/app", ["sha256:a"], Ct))["sha256:a"]);
        Assert.Empty(await store.GetRepositoryPullCountsAsync(["lib/gone"], Ct));
        // The repository counts what reached it, including pulls of a manifest deleted since (Harbor counts repository pulls apart).
        Assert.Equal(5, (await store.GetRepositoryPullCountsAsync(["lib/app"], Ct))["lib/app"]);
    }

    [Fact]
    public async Task RecordPulls_writes_large_batches_and_pushing_the_digest_again_keeps_its_count()
    {
        var store = await StoreAsync();
        var digests = Enumerable.Range(0, 1200).Select(i => $"sha256:{i:x4}").ToArray();
        foreach (var digest in digests)
        {
            await store.PutManifestAsync(Manifest("lib/many", digest), null, Ct);
        }

        await store.RecordPullsAsync(digests.Select((d, i) => new PullTally("lib/many", d, i + 1, T0)).ToArray(), Ct);
        await store.PutManifestAsync(Manifest("lib/many", digests[7]), "again", Ct);

        var pulls = await store.GetArtifactPullsAsync("lib/many", digests, Ct);
        Assert.Equal(1200, pulls.Count);
        Assert.Equal(8, pulls[digests[7]].PullCount);
        Assert.Equal(1200, pulls[digests[^1]].PullCount);
        Assert.Equal(1200L * 1201 / 2, (await store.GetRepositoryPullCountsAsync(["lib/many"], Ct))["lib/many"]);
    }

    /// <summary>alpha (public: 2 repositories), beta (private, bob member: 1), gamma (private, nobody: 1), delta (public: 0).</summary>
    private async Task<(IMetadataStore Store, long Bob)> SeedStatisticsAsync()
    {
        var store = await SeedProjectsAsync();
        var bob = (await store.GetUserAsync("bob", Ct))!.UserId;
        var beta = (await store.GetProjectAsync("beta", Ct))!.ProjectId;
        await store.TryAddProjectMemberAsync(beta, MemberEntityType.User, bob, ProjectRole.Developer, T0, Ct);
        await store.PutManifestAsync(Manifest("alpha/web", "sha256:1"), "v1", Ct);
        await store.PutManifestAsync(Manifest("alpha/web", "sha256:2"), "v2", Ct);
        await store.PutManifestAsync(Manifest("alpha/api", "sha256:1"), "v1", Ct);
        await store.PutManifestAsync(Manifest("beta/web", "sha256:3"), "v1", Ct);
        await store.PutManifestAsync(Manifest("gamma/db", "sha256:4"), "v1", Ct);
        await store.SaveBlobAsync("sha256:layer1", 1000, BlobState.Present, T0, Ct);
        await store.SaveBlobAsync("sha256:layer2", 500, BlobState.Present, T0, Ct);
        await store.SaveBlobAsync("sha256:layer3", 70, BlobState.Deleting, T0, Ct);
        return (store, bob);
    }

    [Fact]
    public async Task Statistics_count_public_member_and_total_projects_repositories_and_storage()
    {
        var (store, bob) = await SeedStatisticsAsync();
        var manifestBytes = new[] { "sha256:1", "sha256:2", "sha256:3", "sha256:4" }.Sum(d => (long)Manifest("x/y", d).Size);

        var admin = await store.GetStatisticsAsync(totals: true, member: null, Ct);
        var member = await store.GetStatisticsAsync(totals: false, new ProjectMember(bob, []), Ct);
        var stranger = await store.GetStatisticsAsync(totals: false, new ProjectMember(987654, []), Ct);

        Assert.Equal(new RegistryStatistics(2, 2, 0, 0, 4, 4, 1500 + manifestBytes), admin);
        Assert.Equal(new RegistryStatistics(2, 2, 1, 1, 0, 0, 0), member);
        Assert.Equal(new RegistryStatistics(2, 2, 0, 0, 0, 0, 0), stranger);
    }

    [Fact]
    public async Task Statistics_count_private_projects_of_the_users_groups()
    {
        var (store, _) = await SeedStatisticsAsync();
        var group = await store.TryCreateUserGroupAsync("devs", UserGroupType.Http, string.Empty, T0, Ct);
        var gamma = (await store.GetProjectAsync("gamma", Ct))!.ProjectId;
        await store.TryAddProjectMemberAsync(gamma, MemberEntityType.Group, group!.Id, ProjectRole.Guest, T0, Ct);

        var viaGroup = await store.GetStatisticsAsync(totals: false, new ProjectMember(987654, [group.Id]), Ct);

        Assert.Equal(new RegistryStatistics(2, 2, 1, 1, 0, 0, 0), viaGroup);
    }

    [Fact]
    public async Task SearchRepositories_matches_substrings_in_visible_projects_only()
    {
        var (store, bob) = await SeedStatisticsAsync();
        await store.RecordPullsAsync([new("alpha/web", "sha256:1", 4, T0), new("alpha/web", "sha256:2", 1, T0)], Ct);

        var all = await store.SearchRepositoriesAsync("WEB", ProjectVisibility.All, 100, Ct);
        var publicOnly = await store.SearchRepositoriesAsync("web", ProjectVisibility.PublicOnly, 100, Ct);
        var asBob = await store.SearchRepositoriesAsync("/", new ProjectVisibility(false, bob), 100, Ct);
        var literal = await store.SearchRepositoriesAsync("%", ProjectVisibility.All, 100, Ct);
        var limited = await store.SearchRepositoriesAsync("a", ProjectVisibility.All, 2, Ct);

        var alphaId = (await store.GetProjectAsync("alpha", Ct))!.ProjectId;
        var betaId = (await store.GetProjectAsync("beta", Ct))!.ProjectId;
        Assert.Equal(
            [new RepositorySearchHit("alpha/web", alphaId, "alpha", true, 5, 2), new RepositorySearchHit("beta/web", betaId, "beta", false, 0, 1)],
            all);
        Assert.Equal(["alpha/web"], publicOnly.Select(h => h.RepositoryName));
        Assert.Equal(["alpha/api", "alpha/web", "beta/web"], asBob.Select(h => h.RepositoryName));
        Assert.Empty(literal);
        Assert.Equal(["alpha/api", "alpha/web"], limited.Select(h => h.RepositoryName));
    }

    [Fact]
    public async Task Settings_put_replaces_values_and_list_reads_by_prefix()
    {
        var store = await StoreAsync();
        await store.GetOrAddSettingAsync("token.key", "secret", Ct);

        await store.PutSettingsAsync(new Dictionary<string, string> { ["config.a"] = "1", ["config.b"] = "x" }, Ct);
        await store.PutSettingsAsync(new Dictionary<string, string> { ["config.a"] = "2" }, Ct);
        await store.PutSettingsAsync(new Dictionary<string, string>(), Ct);

        var reopened = await CreateStoreAsync();
        Assert.Equal(new Dictionary<string, string> { ["config.a"] = "2", ["config.b"] = "x" }, await reopened.ListSettingsAsync("config.", Ct));
        Assert.Empty(await reopened.ListSettingsAsync("nothing.", Ct));
        Assert.Equal("secret", await reopened.GetOrAddSettingAsync("token.key", "other", Ct));
    }
}
