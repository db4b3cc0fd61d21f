using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Projects;

/// <summary>
/// Owns one project's metadata and members; later also quota and policies. Members are loaded on activation
/// and written through before a change is acknowledged, so role lookups are in-memory reads.
/// </summary>
[GrainType("project")]
public sealed partial class ProjectGrain(
    IProjectMetadata metadata,
    IProjectMemberMetadata memberships,
    IImmutableRuleMetadata immutableRules,
    TimeProvider clock,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IProjectImmutabilityGrain
{
    private ProjectRecord? _project;
    private ProjectMembers _members = new([]);

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _project = await metadata.GetProjectAsync(Name, cancellationToken);
        await LoadProxyCacheAsync(cancellationToken);
        await LoadMembersAsync(cancellationToken);
    }

    public Task<ProjectInfo?> GetAsync() => Task.FromResult(_project is null ? null : ToInfo(_project));

    public async Task<ProjectResult> TryCreateAsync(CreateProjectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ProjectNames.IsValid(Name))
        {
            return Fail(RegistryError.NameInvalid, $"'{Name}' is not a valid project name: use lowercase letters, digits and single '.', '_' or '-' between them");
        }

        if (_project is not null)
        {
            return Fail(RegistryError.ProjectAlreadyExists, $"project {Name} already exists");
        }

        if (!ProjectMetadataRules.TryNormalize(request.Metadata, out var values, out var error))
        {
            return Fail(RegistryError.BadRequest, error!);
        }

        if (!StorageLimits.IsValid(request.StorageLimit))
        {
            return Fail(RegistryError.BadRequest, $"invalid value {request.StorageLimit} for storage_limit: use -1 (unlimited) or a positive number of bytes");
        }

        values.TryAdd(ProjectMetadata.Public, "false");
        var created = await metadata.TryCreateProjectAsync(Name, request.OwnerName, values, request.StorageLimit, clock.GetUtcNow(), CancellationToken.None);
        if (created is null)
        {
            _project = await metadata.GetProjectAsync(Name, CancellationToken.None);
            return Fail(RegistryError.ProjectAlreadyExists, $"project {Name} already exists");
        }

        _project = created;
        if (request.RegistryId is { } registryId)
        {
            await BecomeProxyCacheAsync(registryId);
        }

        await LoadMembersAsync(CancellationToken.None);
        return new ProjectResult(RegistryError.None, null, ToInfo(_project));
    }

    public async Task<ProjectResult> TryUpdateMetadataAsync(ProjectMetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_project is null)
        {
            return Fail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        if (!ProjectMetadataRules.TryNormalize(update.Set, out var values, out var error))
        {
            return Fail(RegistryError.BadRequest, error!);
        }

        if (update.OnlyNew && values.Keys.FirstOrDefault(_project.Metadata.ContainsKey) is { } taken)
        {
            return Fail(RegistryError.Conflict, $"metadata {taken} of project {Name} already exists");
        }

        var merged = new Dictionary<string, string>(_project.Metadata, StringComparer.Ordinal);
        foreach (var key in update.Remove)
        {
            merged.Remove(key);
        }

        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        var updated = await metadata.UpdateProjectMetadataAsync(Name, merged, clock.GetUtcNow(), CancellationToken.None);
        _project = updated;
        return updated is null
            ? Fail(RegistryError.ProjectNotFound, $"project {Name} not found")
            : new ProjectResult(RegistryError.None, null, ToInfo(updated));
    }

    public async Task<ProjectResult> TryDeleteAsync()
    {
        if (_project is null)
        {
            return Fail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        switch (await metadata.TryDeleteProjectAsync(Name, CancellationToken.None))
        {
            case ProjectDeleteOutcome.HasRepositories:
                return Fail(RegistryError.PreconditionFailed, "the project contains repositories, can not be deleted");
            case ProjectDeleteOutcome.NotFound:
                _project = null;
                return Fail(RegistryError.ProjectNotFound, $"project {Name} not found");
            default:
                _project = null;
                _proxyRegistryId = null;
                _members = new ProjectMembers([]);
                await GrainFactory.GetGrain<Signing.IContentTrustGrain>(Name).ProjectDeletedAsync();
                return new ProjectResult(RegistryError.None, null, null);
        }
    }

    private static ProjectResult Fail(RegistryError error, string message) => new(error, message, null);

    private ProjectInfo ToInfo(ProjectRecord record) =>
        new(record.ProjectId, record.Name, ProjectMetadata.IsPublic(record.Metadata), record.OwnerName,
            record.CreationTime, record.UpdateTime, record.Metadata, _proxyRegistryId);
}
