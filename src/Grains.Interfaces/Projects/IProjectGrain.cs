namespace ArtifactKeeper.Projects;

/// <summary>One project, keyed by its name: metadata now; members, quota and policies later.</summary>
[Alias("projects.project")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>The project, or null when it does not exist.</summary>
    [Alias("get")]
    Task<ProjectInfo?> GetAsync();

    [Alias("try-create")]
    Task<ProjectResult> TryCreateAsync(CreateProjectRequest request);

    /// <summary>Validates and applies a partial metadata change (ProjectNotFound, BadRequest, Conflict).</summary>
    [Alias("try-update-metadata")]
    Task<ProjectResult> TryUpdateMetadataAsync(ProjectMetadataUpdate update);

    /// <summary>Deletes the project; PreconditionFailed while it has repositories.</summary>
    [Alias("try-delete")]
    Task<ProjectResult> TryDeleteAsync();
}
