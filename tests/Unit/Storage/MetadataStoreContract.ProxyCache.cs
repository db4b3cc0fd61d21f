using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Proxy-cache projects (the endpoint a project pulls through), on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task A_proxy_cache_registry_is_stored_per_project_and_read_back_by_a_new_store()
    {
        var store = await StoreAsync();
        var proxy = await store.TryCreateProjectAsync("hub-proxy", "owner", Private, T0, Ct);
        var plain = await store.TryCreateProjectAsync("plain", "owner", Private, T0, Ct);

        Assert.True(await store.SetProxyCacheRegistryAsync(proxy!.ProjectId, 7, Ct));

        var reopened = await CreateStoreAsync();
        Assert.Equal(7, await reopened.GetProxyCacheRegistryAsync(proxy.ProjectId, Ct));
        Assert.Null(await reopened.GetProxyCacheRegistryAsync(plain!.ProjectId, Ct));
    }

    [Fact]
    public async Task Setting_a_proxy_cache_registry_of_a_missing_project_stores_nothing()
    {
        var store = await StoreAsync();

        Assert.False(await store.SetProxyCacheRegistryAsync(424242, 7, Ct));
        Assert.Null(await store.GetProxyCacheRegistryAsync(424242, Ct));
        Assert.Null(await store.FindProxyCacheProjectAsync(7, Ct));
    }

    [Fact]
    public async Task FindProxyCacheProject_names_the_oldest_project_using_the_endpoint_until_the_projects_are_gone()
    {
        var store = await StoreAsync();
        var first = await store.TryCreateProjectAsync("first-proxy", "owner", Private, T0, Ct);
        var second = await store.TryCreateProjectAsync("second-proxy", "owner", Private, T0, Ct);
        await store.SetProxyCacheRegistryAsync(first!.ProjectId, 3, Ct);
        await store.SetProxyCacheRegistryAsync(second!.ProjectId, 3, Ct);

        Assert.Equal("first-proxy", await store.FindProxyCacheProjectAsync(3, Ct));
        Assert.Null(await store.FindProxyCacheProjectAsync(4, Ct));

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("first-proxy", Ct));
        Assert.Equal("second-proxy", await store.FindProxyCacheProjectAsync(3, Ct));
        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("second-proxy", Ct));
        Assert.Null(await store.FindProxyCacheProjectAsync(3, Ct));
        Assert.Null(await store.GetProxyCacheRegistryAsync(second.ProjectId, Ct));
    }

    [Fact]
    public async Task The_project_listing_shows_the_registry_a_proxy_cache_project_pulls_through_and_none_for_others()
    {
        var store = await StoreAsync();
        var proxy = await store.TryCreateProjectAsync("listed-proxy", "owner", Private, T0, Ct);
        await store.TryCreateProjectAsync("listed-plain", "owner", Private, T0, Ct);
        await store.SetProxyCacheRegistryAsync(proxy!.ProjectId, 9, Ct);

        var page = await store.ListProjectsAsync(
            new ProjectListQuery(new ListQuery(new Dictionary<string, QueryValue>(), [], 1, 10), ProjectVisibility.All), Ct);

        Assert.Equal(
            [("listed-plain", (long?)null), ("listed-proxy", 9L)],
            page.Items.Where(p => p.Project.Name.StartsWith("listed-", StringComparison.Ordinal))
                .Select(p => (p.Project.Name, p.RegistryId)).OrderBy(p => p.Name, StringComparer.Ordinal));
    }
}
