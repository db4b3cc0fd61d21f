using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Project grain metadata changes and deletion, written through to the store.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ProjectGrainChangeTests(RegistryClusterFixture fixture)
{
    private static string NewName() => "c" + Guid.NewGuid().ToString("N")[..12];

    private IProjectGrain Project(string name) => fixture.Client.GetGrain<IProjectGrain>(name);

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private async Task<string> CreateAsync(params (string Key, string Value)[] metadata)
    {
        var name = NewName();
        Assert.True((await Project(name).TryCreateAsync(new CreateProjectRequest("admin", Map(metadata)))).Succeeded);
        return name;
    }

    [Fact]
    public async Task TryUpdateMetadata_merges_normalizes_and_persists()
    {
        var name = await CreateAsync(("public", "false"), ("auto_scan", "true"));

        var result = await Project(name).TryUpdateMetadataAsync(new ProjectMetadataUpdate(Map(("public", "T"), ("severity", "HIGH")), ["auto_scan"]));

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Project!.Public);
        var expected = Map(("public", "true"), ("severity", "high"));
        Assert.Equal(expected, result.Project.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
        var stored = await fixture.Metadata.GetProjectAsync(name, CancellationToken.None);
        Assert.Equal(expected, stored!.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
        await fixture.ReactivateAsync(Project(name));
        Assert.True((await Project(name).GetAsync())!.Public);
    }

    [Fact]
    public async Task TryUpdateMetadata_bad_value_returns_BadRequest_and_changes_nothing()
    {
        var name = await CreateAsync(("public", "true"));

        var result = await Project(name).TryUpdateMetadataAsync(new ProjectMetadataUpdate(Map(("public", "false"), ("severity", "extreme")), []));

        Assert.Equal(RegistryError.BadRequest, result.Error);
        Assert.True((await Project(name).GetAsync())!.Public);
        Assert.Equal("true", (await fixture.Metadata.GetProjectAsync(name, CancellationToken.None))!.Metadata["public"]);
    }

    [Fact]
    public async Task TryUpdateMetadata_only_new_existing_key_returns_Conflict()
    {
        var name = await CreateAsync(("public", "true"));

        var result = await Project(name).TryUpdateMetadataAsync(new ProjectMetadataUpdate(Map(("public", "false")), [], OnlyNew: true));

        Assert.Equal(RegistryError.Conflict, result.Error);
        Assert.True((await Project(name).GetAsync())!.Public);
    }

    [Fact]
    public async Task TryUpdateMetadata_unknown_project_returns_ProjectNotFound()
    {
        var name = NewName();

        var result = await Project(name).TryUpdateMetadataAsync(new ProjectMetadataUpdate(Map(("public", "true")), []));

        Assert.Equal(RegistryError.ProjectNotFound, result.Error);
        Assert.Null(await fixture.Metadata.GetProjectAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task TryDelete_empty_project_removes_it_and_name_is_free_again()
    {
        var name = await CreateAsync(("public", "true"));

        var result = await Project(name).TryDeleteAsync();

        Assert.True(result.Succeeded, result.Message);
        Assert.Null(await Project(name).GetAsync());
        Assert.Null(await fixture.Metadata.GetProjectAsync(name, CancellationToken.None));
        Assert.Equal(RegistryError.ProjectNotFound, (await Project(name).TryDeleteAsync()).Error);
        Assert.True((await Project(name).TryCreateAsync(new CreateProjectRequest("admin", Map()))).Succeeded);
    }

    [Fact]
    public async Task TryDelete_with_repository_returns_PreconditionFailed_and_keeps_it()
    {
        var name = await CreateAsync(("public", "true"));
        await fixture.Metadata.PutManifestAsync(
            new Storage.Metadata.ManifestRecord($"{name}/app", "sha256:" + new string('a', 64), "application/vnd.oci.image.manifest.v1+json", null, 2, null, "{}"u8.ToArray(), [], null, DateTimeOffset.UtcNow),
            "v1",
            CancellationToken.None);

        var result = await Project(name).TryDeleteAsync();

        Assert.Equal(RegistryError.PreconditionFailed, result.Error);
        Assert.NotNull(await Project(name).GetAsync());
        Assert.NotNull(await fixture.Metadata.GetProjectAsync(name, CancellationToken.None));
    }
}
