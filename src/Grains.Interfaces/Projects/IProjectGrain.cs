namespace ArtifactKeeper.Projects;

/// <summary>One project, keyed by its name: metadata now; members, quota and policies later.</summary>
[Alias("projects.project")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>The project, or null when it does not exist.</summary>
    [Alias("get")]
    Task<ProjectInfo?> GetAsync();

    [Alias("try-create")]
    Task<CreateProjectResult> TryCreateAsync(CreateProjectRequest request);
}
