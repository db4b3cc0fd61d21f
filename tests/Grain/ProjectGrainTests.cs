using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class ProjectGrainTests(RegistryClusterFixture fixture)
{
    private static string NewName() => "p" + Guid.NewGuid().ToString("N")[..12];

    private IProjectGrain Project(string name) => fixture.Client.GetGrain<IProjectGrain>(name);

    private static CreateProjectRequest Request(params (string Key, string Value)[] metadata) =>
        new("admin", metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));

    [Fact]
    public async Task TryCreate_new_name_creates_private_project_by_default()
    {
        var name = NewName();
        var before = fixture.Clock.GetUtcNow();

        var result = await Project(name).TryCreateAsync(Request());

        Assert.True(result.Succeeded, result.Message);
        var project = result.Project;
        Assert.NotNull(project);
        Assert.Equal(name, project.Name);
        Assert.Equal("admin", project.OwnerName);
        Assert.False(project.Public);
        Assert.Equal("false", project.Metadata[ProjectMetadata.Public]);
        Assert.True(project.ProjectId > 0);
        Assert.InRange(project.CreationTime, before.AddSeconds(-1), fixture.Clock.GetUtcNow().AddSeconds(1));
        Assert.Equal(project, await Project(name).GetAsync(), ProjectInfoComparer.Instance);
    }

    [Theory]
    [InlineData("true", true, "true")]
    [InlineData("True", true, "true")]
    [InlineData("TRUE", true, "true")]
    [InlineData("false", false, "false")]
    [InlineData("False", false, "false")]
    public async Task TryCreate_public_flag_is_normalized(string given, bool isPublic, string stored)
    {
        var name = NewName();

        var result = await Project(name).TryCreateAsync(Request((ProjectMetadata.Public, given), ("auto_scan", "True")));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(isPublic, result.Project!.Public);
        Assert.Equal(stored, result.Project.Metadata[ProjectMetadata.Public]);
        Assert.Equal("true", result.Project.Metadata["auto_scan"]);
        var reloaded = await fixture.Metadata.GetProjectAsync(name, CancellationToken.None);
        Assert.Equal(stored, reloaded!.Metadata[ProjectMetadata.Public]);
    }

    [Fact]
    public async Task TryCreate_existing_name_returns_ProjectAlreadyExists_and_keeps_original()
    {
        var name = NewName();
        var original = await Project(name).TryCreateAsync(Request((ProjectMetadata.Public, "true")));

        var duplicate = await Project(name).TryCreateAsync(Request((ProjectMetadata.Public, "false")));

        Assert.Equal(RegistryError.ProjectAlreadyExists, duplicate.Error);
        Assert.Null(duplicate.Project);
        var current = await Project(name).GetAsync();
        Assert.True(current!.Public);
        Assert.Equal(original.Project!.ProjectId, current.ProjectId);
    }

    [Fact]
    public async Task TryCreate_existing_name_after_reactivation_returns_ProjectAlreadyExists()
    {
        var name = NewName();
        Assert.True((await Project(name).TryCreateAsync(Request())).Succeeded);

        await fixture.ReactivateAsync(Project(name));

        Assert.Equal(RegistryError.ProjectAlreadyExists, (await Project(name).TryCreateAsync(Request())).Error);
        Assert.Equal(name, (await Project(name).GetAsync())!.Name);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-lead")]
    [InlineData("trail.")]
    [InlineData("dou..ble")]
    [InlineData("has space")]
    public async Task TryCreate_invalid_name_returns_NameInvalid_and_creates_nothing(string name)
    {
        var result = await Project(name).TryCreateAsync(Request());

        Assert.Equal(RegistryError.NameInvalid, result.Error);
        Assert.Null(result.Project);
        Assert.Null(await Project(name).GetAsync());
        Assert.Null(await fixture.Metadata.GetProjectAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_unknown_project_returns_null()
    {
        Assert.Null(await Project(NewName()).GetAsync());
    }

    /// <summary>ProjectInfo holds a dictionary, which records compare by reference.</summary>
    private sealed class ProjectInfoComparer : IEqualityComparer<ProjectInfo?>
    {
        public static readonly ProjectInfoComparer Instance = new();

        public bool Equals(ProjectInfo? x, ProjectInfo? y) =>
            x is not null && y is not null &&
            x with { Metadata = y.Metadata } == y &&
            x.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(y.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));

        public int GetHashCode(ProjectInfo? obj) => obj?.Name.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
