using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Project updates, deletes and the project listing, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static Dictionary<string, string> Meta(bool isPublic, params (string Key, string Value)[] more)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["public"] = isPublic ? "true" : "false" };
        foreach (var (key, value) in more)
        {
            values[key] = value;
        }

        return values;
    }

    /// <summary>alpha (alice, public), beta (bob, private), gamma (alice, private), delta (bob, public), created in that order a minute apart.</summary>
    private async Task<IMetadataStore> SeedProjectsAsync()
    {
        var store = await StoreAsync();
        await store.EnsureUserAsync("alice", "hash", false, T0, Ct);
        await store.EnsureUserAsync("bob", "hash", false, T0, Ct);
        await store.TryCreateProjectAsync("alpha", "alice", Meta(true), T0, Ct);
        await store.TryCreateProjectAsync("beta", "bob", Meta(false), T0.AddMinutes(1), Ct);
        await store.TryCreateProjectAsync("gamma", "alice", Meta(false), T0.AddMinutes(2), Ct);
        await store.TryCreateProjectAsync("delta", "bob", Meta(true), T0.AddMinutes(3), Ct);
        return store;
    }

    private static ProjectListQuery Query(
        ProjectVisibility? visibility = null, Dictionary<string, QueryValue>? filters = null, SortKey[]? sorts = null, int page = 1, int pageSize = 10) =>
        new(new ListQuery(filters ?? [], sorts ?? [], page, pageSize), visibility ?? ProjectVisibility.All);

    private static async Task<List<string>> NamesAsync(IMetadataStore store, ProjectListQuery query) =>
        (await store.ListProjectsAsync(query, Ct)).Items.Select(p => p.Project.Name).ToList();

    [Fact]
    public async Task UpdateProjectMetadata_replaces_metadata_and_update_time()
    {
        var store = await StoreAsync();
        var created = await store.TryCreateProjectAsync("lib", "admin", Meta(false, ("auto_scan", "true")), T0, Ct);

        var updated = await store.UpdateProjectMetadataAsync("lib", Meta(true), T0.AddHours(1), Ct);
        var stored = await store.GetProjectAsync("lib", Ct);

        Assert.NotNull(updated);
        Assert.Equal(Meta(true), stored!.Metadata);
        Assert.Equal((created!.ProjectId, T0, T0.AddHours(1)), (stored.ProjectId, stored.CreationTime, stored.UpdateTime));
    }

    [Fact]
    public async Task UpdateProjectMetadata_of_unknown_project_is_null_and_creates_nothing()
    {
        var store = await StoreAsync();

        Assert.Null(await store.UpdateProjectMetadataAsync("nope", Meta(true), T0, Ct));
        Assert.Null(await store.GetProjectAsync("nope", Ct));
    }

    [Fact]
    public async Task TryDeleteProject_removes_an_empty_project()
    {
        var store = await StoreAsync();
        var created = await store.TryCreateProjectAsync("lib", "admin", Meta(true), T0, Ct);

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("lib", Ct));
        Assert.Null(await store.GetProjectAsync("lib", Ct));
        Assert.Null(await store.FindProjectNameAsync(created!.ProjectId, Ct));
        Assert.Equal(ProjectDeleteOutcome.NotFound, await store.TryDeleteProjectAsync("lib", Ct));
    }

    [Fact]
    public async Task TryDeleteProject_with_repositories_keeps_everything()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(true), T0, Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m1"), "v1", Ct);

        Assert.Equal(ProjectDeleteOutcome.HasRepositories, await store.TryDeleteProjectAsync("lib", Ct));
        Assert.NotNull(await store.GetProjectAsync("lib", Ct));
        Assert.Single((await store.LoadRepositoryAsync("lib/app", Ct)).Manifests);
    }

    [Fact]
    public async Task TryDeleteProject_of_unknown_name_is_NotFound()
    {
        Assert.Equal(ProjectDeleteOutcome.NotFound, await (await StoreAsync()).TryDeleteProjectAsync("nope", Ct));
    }

    [Fact]
    public async Task FindProjectName_by_id()
    {
        var store = await StoreAsync();
        var created = await store.TryCreateProjectAsync("lib", "admin", Meta(true), T0, Ct);

        Assert.Equal("lib", await store.FindProjectNameAsync(created!.ProjectId, Ct));
        Assert.Null(await store.FindProjectNameAsync(created.ProjectId + 1000, Ct));
    }

    [Fact]
    public async Task ListProjects_visibility_all_public_and_viewer()
    {
        var store = await SeedProjectsAsync();

        Assert.Equal(["alpha", "beta", "delta", "gamma"], await NamesAsync(store, Query()));
        Assert.Equal(["alpha", "delta"], await NamesAsync(store, Query(ProjectVisibility.PublicOnly)));
        var alice = (await store.GetUserAsync("alice", Ct))!.UserId;
        Assert.Equal(["alpha", "delta", "gamma"], await NamesAsync(store, Query(new ProjectVisibility(false, alice))));
        Assert.Equal(["gamma"], await NamesAsync(store, Query(new ProjectVisibility(false, alice, IncludePublic: false), new() { ["public"] = new ExactValue("false") })));
        Assert.Empty(await NamesAsync(store, Query(ProjectVisibility.PublicOnly, new() { ["public"] = new ExactValue("false") })));
    }

    [Fact]
    public async Task ListProjects_filters()
    {
        var store = await SeedProjectsAsync();
        var alpha = (await store.GetProjectAsync("alpha", Ct))!.ProjectId;
        var gamma = (await store.GetProjectAsync("gamma", Ct))!.ProjectId;

        Assert.Equal(["alpha", "gamma"], await NamesAsync(store, Query(filters: new() { ["owner"] = new ExactValue("alice") })));
        Assert.Equal(["gamma"], await NamesAsync(store, Query(filters: new() { ["name"] = new FuzzyValue("MM") })));
        Assert.Empty(await NamesAsync(store, Query(filters: new() { ["name"] = new FuzzyValue("%") })));
        Assert.Equal(["beta"], await NamesAsync(store, Query(filters: new() { ["name"] = new ExactValue("beta") })));
        Assert.Equal(["beta", "delta"], await NamesAsync(store, Query(filters: new() { ["name"] = new OrListValue(["delta", "beta", "zeta"]) })));
        Assert.Equal(["beta", "delta"], await NamesAsync(store, Query(filters: new() { ["name"] = new RangeValue("b", "e") })));
        Assert.Equal(["alpha", "delta"], await NamesAsync(store, Query(filters: new() { ["public"] = new ExactValue("true") })));
        Assert.Equal(["beta", "gamma"], await NamesAsync(store, Query(filters: new() { ["public"] = new ExactValue("0") })));
        Assert.Equal(["alpha", "gamma"], await NamesAsync(store, Query(filters: new() { ["project_id"] = new OrListValue([$"{alpha}", $"{gamma}"]) })));
        Assert.Equal(["alpha", "beta", "gamma"], await NamesAsync(store, Query(filters: new() { ["project_id"] = new RangeValue(null, $"{gamma}") })));
        Assert.Empty(await NamesAsync(store, Query(filters: new() { ["name"] = new AndListValue(["alpha", "beta"]) })));
    }

    [Fact]
    public async Task ListProjects_sorts_and_pages_with_total()
    {
        var store = await SeedProjectsAsync();
        SortKey[] newestFirst = [new("creation_time", true)];

        var first = await store.ListProjectsAsync(Query(sorts: newestFirst, pageSize: 3), Ct);
        var second = await store.ListProjectsAsync(Query(sorts: newestFirst, page: 2, pageSize: 3), Ct);
        var beyond = await store.ListProjectsAsync(Query(sorts: newestFirst, page: 3, pageSize: 3), Ct);

        Assert.Equal(["delta", "gamma", "beta"], first.Items.Select(p => p.Project.Name));
        Assert.Equal(["alpha"], second.Items.Select(p => p.Project.Name));
        Assert.Empty(beyond.Items);
        Assert.Equal((4L, 4L, 4L), (first.Total, second.Total, beyond.Total));
        Assert.Equal(["gamma", "delta", "beta", "alpha"], await NamesAsync(store, Query(sorts: [new("name", true)])));
    }

    [Fact]
    public async Task ListProjects_reports_owner_id_repo_count_and_row()
    {
        var store = await SeedProjectsAsync();
        var alice = (await store.GetUserAsync("alice", Ct))!;
        await store.PutManifestAsync(Manifest("alpha/one", "sha256:m1"), "v1", Ct);
        await store.PutManifestAsync(Manifest("alpha/two", "sha256:m2"), "v1", Ct);
        await store.TryCreateProjectAsync("orphan", "ghost", Meta(true), T0, Ct);

        var page = await store.ListProjectsAsync(Query(filters: new() { ["name"] = new OrListValue(["alpha", "orphan"]) }), Ct);

        var alpha = page.Items[0];
        Assert.Equal(await store.GetProjectAsync("alpha", Ct), alpha.Project with { Metadata = alpha.Project.Metadata }, ProjectRecordComparer.Instance);
        Assert.Equal((alice.UserId, 2L), (alpha.OwnerId, alpha.RepoCount));
        Assert.Equal((0L, 0L), (page.Items[1].OwnerId, page.Items[1].RepoCount));
    }

    private sealed class ProjectRecordComparer : IEqualityComparer<ProjectRecord?>
    {
        public static readonly ProjectRecordComparer Instance = new();

        public bool Equals(ProjectRecord? x, ProjectRecord? y) =>
            x is not null && y is not null &&
            (x.ProjectId, x.Name, x.OwnerName, x.CreationTime, x.UpdateTime) == (y.ProjectId, y.Name, y.OwnerName, y.CreationTime, y.UpdateTime) &&
            x.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).SequenceEqual(y.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal));

        public int GetHashCode(ProjectRecord? obj) => obj?.ProjectId.GetHashCode() ?? 0;
    }
}
