using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>CVE allowlists owned by the project grain and the system grain, and the all-or-nothing bulk addition.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class CveAllowlistGrainTests(RegistryClusterFixture fixture)
{
    private static string NewName() => "c" + Guid.NewGuid().ToString("N")[..12];

    private IProjectCveAllowlistGrain Allowlist(string project) => fixture.Client.GetGrain<IProjectCveAllowlistGrain>(project);

    private async Task<string> ProjectAsync()
    {
        var name = NewName();
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
        return name;
    }

    private static CveAllowlistChange Change(string actor, params string[] ids) =>
        new(null, [.. ids.Select(id => new CveAllowlistEntry(id, "reviewed", null))], actor);

    [Fact]
    public async Task Set_stamps_creator_persists_and_survives_reactivation()
    {
        var project = await ProjectAsync();

        var result = await Allowlist(project).TrySetCveAllowlistAsync(Change("alice", "CVE-2024-1", "CVE-2024-2"));
        await fixture.ReactivateAsync(fixture.Client.GetGrain<IProjectGrain>(project));
        var loaded = await Allowlist(project).GetCveAllowlistAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(1, loaded!.Version);
        Assert.Equal(["CVE-2024-1", "CVE-2024-2"], loaded.Items.Select(i => i.CveId));
        Assert.All(loaded.Items, i => Assert.Equal(("alice", "reviewed"), (i.CreatedBy, i.Justification)));
    }

    [Fact]
    public async Task Bad_input_or_missing_project_changes_nothing()
    {
        var project = await ProjectAsync();
        await Allowlist(project).TrySetCveAllowlistAsync(Change("alice", "CVE-2024-1"));

        var duplicate = await Allowlist(project).TrySetCveAllowlistAsync(Change("bob", "CVE-9", "cve-9"));
        var missing = await Allowlist(NewName()).TrySetCveAllowlistAsync(Change("bob", "CVE-9"));

        Assert.Equal(RegistryError.BadRequest, duplicate.Error);
        Assert.Equal(RegistryError.ProjectNotFound, missing.Error);
        Assert.Equal(["CVE-2024-1"], (await Allowlist(project).GetCveAllowlistAsync())!.Items.Select(i => i.CveId));
    }

    [Fact]
    public async Task A_write_behind_the_grains_back_is_retried_not_lost()
    {
        var project = await ProjectAsync();
        var held = await Allowlist(project).GetCveAllowlistAsync();
        var store = fixture.SiloService<ICveAllowlistMetadata>();
        await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(held!.ProjectId, 0, null, [new CveAllowlistItem("CVE-OTHER", null, null, "x", null)])], DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var result = await Allowlist(project).TrySetCveAllowlistAsync(Change("alice", "CVE-2024-5"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.Lists[0].Version);
        Assert.Equal(["CVE-2024-5"], (await Allowlist(project).GetCveAllowlistAsync())!.Items.Select(i => i.CveId));
    }

    [Fact]
    public async Task Bulk_add_is_all_or_nothing_and_the_project_grains_see_it_at_once()
    {
        var one = await ProjectAsync();
        var two = await ProjectAsync();
        await Allowlist(two).TrySetCveAllowlistAsync(Change("alice", "CVE-OLD"));
        var bulk = fixture.Client.GetGrain<ICveAllowlistBulkGrain>(0);
        CveAllowlistEntry[] items = [new("CVE-NEW", "bulk", null)];

        var missing = await bulk.TryAddAsync(new CveAllowlistBulkAdd([one, NewName()], items, "root"));
        var untouched = await Allowlist(one).GetCveAllowlistAsync();
        var added = await bulk.TryAddAsync(new CveAllowlistBulkAdd([one, two], items, "root"));

        Assert.Equal(RegistryError.ProjectNotFound, missing.Error);
        Assert.Empty(untouched!.Items);
        Assert.True(added.Succeeded, added.Message);
        Assert.Equal(["CVE-NEW"], (await Allowlist(one).GetCveAllowlistAsync())!.Items.Select(i => i.CveId));
        var second = (await Allowlist(two).GetCveAllowlistAsync())!;
        Assert.Equal(["CVE-OLD", "CVE-NEW"], second.Items.Select(i => i.CveId));
        Assert.Equal(("alice", "root"), (second.Items[0].CreatedBy, second.Items[1].CreatedBy));
    }

    [Fact]
    public async Task System_list_has_one_owner_and_survives_reactivation()
    {
        var system = fixture.Client.GetGrain<ISystemCveAllowlistGrain>(CveAllowlist.SystemScope);

        var result = await system.TrySetAsync(new CveAllowlistChange(DateTimeOffset.FromUnixTimeSeconds(4102444800), [new("CVE-SYS", null, null)], "admin"));
        await fixture.ReactivateAsync(system);
        var loaded = await system.GetAsync();
        await system.TrySetAsync(new CveAllowlistChange(null, [], "admin"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((0L, "CVE-SYS", 4102444800L), (loaded.ProjectId, Assert.Single(loaded.Items).CveId, loaded.ExpiresAt!.Value.ToUnixTimeSeconds()));
    }
}
