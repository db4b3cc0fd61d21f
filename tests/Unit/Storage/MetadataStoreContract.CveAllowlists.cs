using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>CVE allowlists (system scope 0 and per project), on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static readonly CveAllowlistItem AllowedCurl =
        new("CVE-2023-38545", "not reachable: no SOCKS proxy", T0.AddDays(30), "alice", T0);

    private static readonly CveAllowlistItem AllowedBare = new("CVE-2021-44228", null, null, "bob", T0.AddSeconds(1));

    [Fact]
    public async Task SaveCveAllowlists_stores_every_field_and_counts_versions()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("acknowledging", "owner", Private, T0, Ct);

        Assert.Null(await store.GetCveAllowlistAsync(project!.ProjectId, Ct));
        var first = await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(project.ProjectId, 0, T0.AddDays(90), [AllowedCurl, AllowedBare])], T0, Ct);
        var second = await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(project.ProjectId, 1, null, [AllowedBare])], T0.AddMinutes(1), Ct);
        var loaded = await (await CreateStoreAsync()).GetCveAllowlistAsync(project.ProjectId, Ct);

        Assert.Equal(CveAllowlistSaveOutcome.Saved, first.Outcome);
        var stored = first.Lists[0];
        Assert.Equal((project.ProjectId, 1L, T0.AddDays(90), T0, T0), (stored.ProjectId, stored.Version, stored.ExpiresAt!.Value, stored.CreationTime, stored.UpdateTime));
        Assert.Equal([AllowedCurl with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(AllowedCurl.ExpiresAt!.Value.ToUnixTimeSeconds()) }, AllowedBare], stored.Items);
        Assert.Equal(CveAllowlistSaveOutcome.Saved, second.Outcome);
        Assert.Equal((2L, (DateTimeOffset?)null, T0, T0.AddMinutes(1)), (loaded!.Version, loaded.ExpiresAt, loaded.CreationTime, loaded.UpdateTime));
        Assert.Equal(stored.Id, loaded.Id);
        Assert.Equal([AllowedBare], loaded.Items);
    }

    [Fact]
    public async Task SaveCveAllowlists_keeps_the_system_list_apart_from_projects()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("apart", "owner", Private, T0, Ct);

        var system = await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(CveAllowlist.SystemScope, 0, null, [AllowedBare])], T0, Ct);
        await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(project!.ProjectId, 0, null, [AllowedCurl])], T0, Ct);

        Assert.Equal(CveAllowlistSaveOutcome.Saved, system.Outcome);
        Assert.Equal([AllowedBare], (await store.GetCveAllowlistAsync(CveAllowlist.SystemScope, Ct))!.Items);
        Assert.Equal("CVE-2023-38545", Assert.Single((await store.GetCveAllowlistAsync(project.ProjectId, Ct))!.Items).CveId);
    }

    [Fact]
    public async Task SaveCveAllowlists_with_a_stale_version_writes_none_of_the_lists()
    {
        var store = await StoreAsync();
        var one = await store.TryCreateProjectAsync("one", "owner", Private, T0, Ct);
        var two = await store.TryCreateProjectAsync("two", "owner", Private, T0, Ct);
        await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(two!.ProjectId, 0, null, [AllowedBare])], T0, Ct);

        var stale = await store.TrySaveCveAllowlistsAsync(
            [new CveAllowlistWrite(one!.ProjectId, 0, null, [AllowedCurl]), new CveAllowlistWrite(two.ProjectId, 0, null, [AllowedCurl])], T0, Ct);
        var missing = await store.TrySaveCveAllowlistsAsync(
            [new CveAllowlistWrite(one.ProjectId, 0, null, [AllowedCurl]), new CveAllowlistWrite(424242, 0, null, [AllowedCurl])], T0, Ct);

        Assert.Equal((CveAllowlistSaveOutcome.VersionConflict, two.ProjectId), (stale.Outcome, stale.FailedScope!.Value));
        Assert.Equal((CveAllowlistSaveOutcome.ProjectNotFound, 424242L), (missing.Outcome, missing.FailedScope!.Value));
        Assert.Null(await store.GetCveAllowlistAsync(one.ProjectId, Ct));
        Assert.Null(await store.GetCveAllowlistAsync(424242, Ct));
        var untouched = await store.GetCveAllowlistAsync(two.ProjectId, Ct);
        Assert.Equal(1L, untouched!.Version);
        Assert.Equal([AllowedBare], untouched.Items);
    }

    [Fact]
    public async Task SaveCveAllowlists_in_one_call_writes_every_list()
    {
        var store = await StoreAsync();
        var one = await store.TryCreateProjectAsync("first", "owner", Private, T0, Ct);
        var two = await store.TryCreateProjectAsync("second", "owner", Private, T0, Ct);
        await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(two!.ProjectId, 0, null, [AllowedBare])], T0, Ct);

        var saved = await store.TrySaveCveAllowlistsAsync(
            [new CveAllowlistWrite(one!.ProjectId, 0, null, [AllowedBare]), new CveAllowlistWrite(two.ProjectId, 1, null, [AllowedBare, AllowedCurl with { ExpiresAt = null }])], T0.AddHours(1), Ct);

        Assert.Equal(CveAllowlistSaveOutcome.Saved, saved.Outcome);
        Assert.Equal([(one.ProjectId, 1L), (two.ProjectId, 2L)], saved.Lists.Select(l => (l.ProjectId, l.Version)));
        Assert.Equal(2, (await store.GetCveAllowlistAsync(two.ProjectId, Ct))!.Items.Count);
    }

    [Fact]
    public async Task Cve_allowlists_go_with_their_project()
    {
        var store = await StoreAsync();
        var doomed = await store.TryCreateProjectAsync("doomed-list", "owner", Private, T0, Ct);
        await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(doomed!.ProjectId, 0, null, [AllowedBare])], T0, Ct);
        await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(CveAllowlist.SystemScope, 0, null, [AllowedCurl])], T0, Ct);

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("doomed-list", Ct));

        Assert.Null(await store.GetCveAllowlistAsync(doomed.ProjectId, Ct));
        Assert.NotNull(await store.GetCveAllowlistAsync(CveAllowlist.SystemScope, Ct));
    }
}
