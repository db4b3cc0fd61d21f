using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Projects;

/// <summary>Owns one project's metadata; later also members, quota and policies.</summary>
[GrainType("project")]
public sealed class ProjectGrain(IProjectMetadata metadata, TimeProvider clock) : Grain, IProjectGrain
{
    private ProjectRecord? _project;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _project = await metadata.GetProjectAsync(Name, cancellationToken);

    public Task<ProjectInfo?> GetAsync() => Task.FromResult(_project is null ? null : ToInfo(_project));

    public async Task<CreateProjectResult> TryCreateAsync(CreateProjectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ProjectNames.IsValid(Name))
        {
            return new CreateProjectResult(RegistryError.NameInvalid, $"'{Name}' is not a valid project name: use lowercase letters, digits and single '.', '_' or '-' between them", null);
        }

        if (_project is not null)
        {
            return new CreateProjectResult(RegistryError.ProjectAlreadyExists, $"project {Name} already exists", null);
        }

        var metadataValues = ProjectMetadata.Normalize(request.Metadata);
        var created = await metadata.TryCreateProjectAsync(Name, request.OwnerName, metadataValues, clock.GetUtcNow(), CancellationToken.None);
        if (created is null)
        {
            _project = await metadata.GetProjectAsync(Name, CancellationToken.None);
            return new CreateProjectResult(RegistryError.ProjectAlreadyExists, $"project {Name} already exists", null);
        }

        _project = created;
        return new CreateProjectResult(RegistryError.None, null, ToInfo(created));
    }

    private static ProjectInfo ToInfo(ProjectRecord record) =>
        new(record.ProjectId, record.Name, ProjectMetadata.IsPublic(record.Metadata), record.OwnerName,
            record.CreationTime, record.UpdateTime, record.Metadata);
}
