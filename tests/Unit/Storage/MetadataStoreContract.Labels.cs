using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Labels and the labels of artifacts on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static LabelRecord Label(string name, long projectId = 0, DateTimeOffset? at = null) =>
        new(0, name, "desc é", "#61717D", projectId == 0 ? "g" : "p", projectId, at ?? T0, at ?? T0);

    private static ListQuery LabelQuery(params (string Key, QueryValue Value)[] filters) =>
        new(filters.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), [], 1, 100);

    private async Task<(IMetadataStore Store, long ProjectId)> StoreWithProjectAsync(string project = "lib")
    {
        var store = await StoreAsync();
        var created = await store.TryCreateProjectAsync(project, "admin", Meta(false), T0, Ct);
        return (store, created!.ProjectId);
    }

    [Fact]
    public async Task TryCreateLabel_then_get_returns_every_field_for_global_and_project_labels()
    {
        var (store, projectId) = await StoreWithProjectAsync();
        var global = Label("prod");
        var local = Label("team", projectId, T0.AddMinutes(1));

        var createdGlobal = await store.TryCreateLabelAsync(global, Ct);
        var createdLocal = await store.TryCreateLabelAsync(local, Ct);

        Assert.Equal(global with { LabelId = createdGlobal!.LabelId }, createdGlobal);
        Assert.Equal(local with { LabelId = createdLocal!.LabelId }, createdLocal);
        Assert.NotEqual(createdGlobal.LabelId, createdLocal.LabelId);
        var other = await CreateStoreAsync();
        Assert.Equal(createdGlobal, await other.GetLabelAsync(createdGlobal.LabelId, Ct));
        Assert.Equal(createdLocal, await other.GetLabelAsync(createdLocal.LabelId, Ct));
        Assert.Null(await other.GetLabelAsync(createdLocal.LabelId + 100, Ct));
    }

    [Fact]
    public async Task TryCreateLabel_with_a_name_taken_in_its_scope_and_project_is_null_and_keeps_the_first()
    {
        var (store, lib) = await StoreWithProjectAsync();
        var team = (await store.TryCreateProjectAsync("team", "admin", Meta(false), T0, Ct))!.ProjectId;
        var first = await store.TryCreateLabelAsync(Label("prod"), Ct);
        await store.TryCreateLabelAsync(Label("prod", lib), Ct);

        Assert.Null(await store.TryCreateLabelAsync(Label("prod") with { Description = "second" }, Ct));
        Assert.Null(await store.TryCreateLabelAsync(Label("prod", lib), Ct));

        // Another project, and another case, are other names.
        Assert.NotNull(await store.TryCreateLabelAsync(Label("prod", team), Ct));
        Assert.NotNull(await store.TryCreateLabelAsync(Label("Prod"), Ct));
        Assert.Equal("desc é", (await store.GetLabelAsync(first!.LabelId, Ct))!.Description);
        Assert.Equal(4, (await store.ListLabelsAsync(ListQuery.All, Ct)).Total);
    }

    [Fact]
    public async Task TryUpdateLabel_changes_name_description_and_color_only()
    {
        var (store, projectId) = await StoreWithProjectAsync();
        var label = await store.TryCreateLabelAsync(Label("team", projectId), Ct);

        Assert.Equal(LabelChange.Changed, await store.TryUpdateLabelAsync(label!.LabelId, "renamed", "", "#fff", T0.AddHours(1), Ct));

        var stored = await store.GetLabelAsync(label.LabelId, Ct);
        Assert.Equal(label with { Name = "renamed", Description = "", Color = "#fff", UpdateTime = T0.AddHours(1) }, stored);
    }

    [Fact]
    public async Task TryUpdateLabel_to_a_taken_name_is_Duplicate_and_unknown_id_is_NotFound_changing_nothing()
    {
        var (store, projectId) = await StoreWithProjectAsync();
        var a = await store.TryCreateLabelAsync(Label("a", projectId), Ct);
        await store.TryCreateLabelAsync(Label("b", projectId), Ct);
        await store.TryCreateLabelAsync(Label("global"), Ct);

        Assert.Equal(LabelChange.Duplicate, await store.TryUpdateLabelAsync(a!.LabelId, "b", "x", "", T0.AddHours(1), Ct));
        Assert.Equal(LabelChange.NotFound, await store.TryUpdateLabelAsync(a.LabelId + 100, "c", "x", "", T0.AddHours(1), Ct));
        Assert.Equal(a, await store.GetLabelAsync(a.LabelId, Ct));

        // A global label's name is free for a project label, and renaming to its own name is a change.
        Assert.Equal(LabelChange.Changed, await store.TryUpdateLabelAsync(a.LabelId, "global", "x", "", T0.AddHours(1), Ct));
        Assert.Equal(LabelChange.Changed, await store.TryUpdateLabelAsync(a.LabelId, "global", "y", "", T0.AddHours(2), Ct));
        Assert.Equal("y", (await store.GetLabelAsync(a.LabelId, Ct))!.Description);
    }

    [Fact]
    public async Task ListLabels_filters_by_scope_project_and_name_with_paging_and_total()
    {
        var (store, lib) = await StoreWithProjectAsync();
        var team = (await store.TryCreateProjectAsync("team", "admin", Meta(false), T0, Ct))!.ProjectId;
        foreach (var name in new[] { "alpha", "beta", "Alphabet" })
        {
            await store.TryCreateLabelAsync(Label(name, lib), Ct);
        }

        await store.TryCreateLabelAsync(Label("alpha", team), Ct);
        await store.TryCreateLabelAsync(Label("alpha"), Ct);

        var libLabels = await store.ListLabelsAsync(LabelQuery(("scope", new ExactValue("p")), ("project_id", new ExactValue(lib.ToString(System.Globalization.CultureInfo.InvariantCulture)))), Ct);
        Assert.Equal(["alpha", "beta", "Alphabet"], libLabels.Items.Select(l => l.Name));
        Assert.Equal(3, libLabels.Total);

        var fuzzy = await store.ListLabelsAsync(
            LabelQuery(("scope", new ExactValue("p")), ("project_id", new ExactValue(lib.ToString(System.Globalization.CultureInfo.InvariantCulture))), ("name", new FuzzyValue("ALPHA"))), Ct);
        Assert.Equal(["alpha", "Alphabet"], fuzzy.Items.Select(l => l.Name));

        var global = await store.ListLabelsAsync(LabelQuery(("scope", new ExactValue("g")), ("project_id", new ExactValue("0"))), Ct);
        Assert.Equal(0, Assert.Single(global.Items).ProjectId);

        var sorted = await store.ListLabelsAsync(
            new ListQuery(new Dictionary<string, QueryValue> { ["scope"] = new ExactValue("p") }, [new SortKey("name", true)], 2, 2), Ct);
        Assert.Equal(4, sorted.Total);
        Assert.Equal(["alpha", "Alphabet"], sorted.Items.Select(l => l.Name));
    }

    [Fact]
    public async Task DeleteLabel_removes_it_and_detaches_it_from_every_artifact()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/other", "sha256:b1"), "v1", Ct);
        var doomed = await store.TryCreateLabelAsync(Label("doomed"), Ct);
        var kept = await store.TryCreateLabelAsync(Label("kept"), Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", doomed!.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/other", "sha256:b1", doomed.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", kept!.LabelId, T0, Ct);

        Assert.True(await store.DeleteLabelAsync(doomed.LabelId, Ct));

        Assert.False(await store.DeleteLabelAsync(doomed.LabelId, Ct));
        Assert.Null(await store.GetLabelAsync(doomed.LabelId, Ct));
        var app = await store.ListArtifactLabelsAsync("lib/app", ["sha256:a1"], Ct);
        Assert.Equal([kept.LabelId], app["sha256:a1"].Select(l => l.LabelId));
        Assert.Empty(await store.ListArtifactLabelsAsync("lib/other", ["sha256:b1"], Ct));
    }

    [Fact]
    public async Task TryAddArtifactLabel_links_once_and_reports_unknown_labels_and_artifacts()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);
        var label = await store.TryCreateLabelAsync(Label("prod"), Ct);

        Assert.Equal(ArtifactLabelChange.Added, await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", label!.LabelId, T0, Ct));
        Assert.Equal(ArtifactLabelChange.AlreadyAdded, await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", label.LabelId, T0, Ct));
        Assert.Equal(ArtifactLabelChange.LabelNotFound, await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", label.LabelId + 100, T0, Ct));
        Assert.Equal(ArtifactLabelChange.ArtifactNotFound, await store.TryAddArtifactLabelAsync("lib/app", "sha256:none", label.LabelId, T0, Ct));
        Assert.Equal(ArtifactLabelChange.ArtifactNotFound, await store.TryAddArtifactLabelAsync("lib/none", "sha256:a1", label.LabelId, T0, Ct));

        var labels = await (await CreateStoreAsync()).ListArtifactLabelsAsync("lib/app", ["sha256:a1", "sha256:none"], Ct);
        Assert.Equal("sha256:a1", Assert.Single(labels).Key);
        Assert.Equal(label, Assert.Single(labels["sha256:a1"]));
    }

    [Fact]
    public async Task RemoveArtifactLabel_removes_one_link_and_is_false_when_there_is_none()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);
        var a = await store.TryCreateLabelAsync(Label("a"), Ct);
        var b = await store.TryCreateLabelAsync(Label("b"), Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", a!.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", b!.LabelId, T0, Ct);

        Assert.True(await store.RemoveArtifactLabelAsync("lib/app", "sha256:a1", a.LabelId, Ct));
        Assert.False(await store.RemoveArtifactLabelAsync("lib/app", "sha256:a1", a.LabelId, Ct));
        Assert.False(await store.RemoveArtifactLabelAsync("lib/other", "sha256:a1", b.LabelId, Ct));

        var labels = await store.ListArtifactLabelsAsync("lib/app", ["sha256:a1"], Ct);
        Assert.Equal([b.LabelId], labels["sha256:a1"].Select(l => l.LabelId));
        Assert.NotNull(await store.GetLabelAsync(a.LabelId, Ct));
    }

    [Fact]
    public async Task ListArtifactLabels_gives_each_digest_its_labels_in_id_order_within_one_repository()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a2"), "v2", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a3"), "v3", Ct);
        await store.PutManifestAsync(Manifest("lib/copy", "sha256:a1"), "v1", Ct);
        var x = await store.TryCreateLabelAsync(Label("x"), Ct);
        var y = await store.TryCreateLabelAsync(Label("y"), Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", y!.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", x!.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a2", y.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/copy", "sha256:a1", x.LabelId, T0, Ct);

        var labels = await store.ListArtifactLabelsAsync("lib/app", ["sha256:a1", "sha256:a2", "sha256:a3", "sha256:a1"], Ct);

        Assert.Equal(["sha256:a1", "sha256:a2"], labels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([x.LabelId, y.LabelId], labels["sha256:a1"].Select(l => l.LabelId));
        Assert.Equal([y.LabelId], labels["sha256:a2"].Select(l => l.LabelId));
        Assert.Empty(await store.ListArtifactLabelsAsync("lib/app", [], Ct));
    }

    [Fact]
    public async Task FindDigestsWithLabels_matches_all_or_any_of_the_ids_within_one_repository()
    {
        var store = await StoreAsync();
        foreach (var digest in new[] { "sha256:a1", "sha256:a2", "sha256:a3" })
        {
            await store.PutManifestAsync(Manifest("lib/app", digest), null, Ct);
        }

        await store.PutManifestAsync(Manifest("lib/copy", "sha256:a1"), null, Ct);
        var x = (await store.TryCreateLabelAsync(Label("x"), Ct))!.LabelId;
        var y = (await store.TryCreateLabelAsync(Label("y"), Ct))!.LabelId;
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", x, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", y, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a2", y, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/copy", "sha256:a1", x, T0, Ct);

        Assert.Equal(["sha256:a1"], await store.FindDigestsWithLabelsAsync("lib/app", [x, y], matchAll: true, Ct));
        Assert.Equal(["sha256:a1"], await store.FindDigestsWithLabelsAsync("lib/app", [x, x], matchAll: true, Ct));
        Assert.Equal(["sha256:a1", "sha256:a2"], await store.FindDigestsWithLabelsAsync("lib/app", [x, y], matchAll: false, Ct));
        Assert.Equal(["sha256:a1", "sha256:a2"], await store.FindDigestsWithLabelsAsync("lib/app", [y], matchAll: true, Ct));
        Assert.Empty(await store.FindDigestsWithLabelsAsync("lib/app", [x, y + 100], matchAll: true, Ct));
        Assert.Empty(await store.FindDigestsWithLabelsAsync("lib/app", [], matchAll: false, Ct));
    }

    [Fact]
    public async Task DeleteManifest_removes_its_label_links_and_keeps_the_labels()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);
        var label = await store.TryCreateLabelAsync(Label("prod"), Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:a1", label!.LabelId, T0, Ct);

        await store.DeleteManifestAsync("lib/app", "sha256:a1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);

        Assert.Empty(await store.ListArtifactLabelsAsync("lib/app", ["sha256:a1"], Ct));
        Assert.Empty(await store.FindDigestsWithLabelsAsync("lib/app", [label.LabelId], matchAll: false, Ct));
        Assert.Equal(label, await store.GetLabelAsync(label.LabelId, Ct));
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_labels_and_keeps_global_and_other_projects_labels()
    {
        var (store, lib) = await StoreWithProjectAsync();
        var team = (await store.TryCreateProjectAsync("team", "admin", Meta(false), T0, Ct))!.ProjectId;
        var libLabel = await store.TryCreateLabelAsync(Label("a", lib), Ct);
        var teamLabel = await store.TryCreateLabelAsync(Label("a", team), Ct);
        var global = await store.TryCreateLabelAsync(Label("a"), Ct);

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("lib", Ct));

        Assert.Null(await store.GetLabelAsync(libLabel!.LabelId, Ct));
        Assert.NotNull(await store.GetLabelAsync(teamLabel!.LabelId, Ct));
        Assert.NotNull(await store.GetLabelAsync(global!.LabelId, Ct));
    }
}
