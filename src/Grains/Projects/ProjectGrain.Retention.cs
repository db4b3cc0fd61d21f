using System.Globalization;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Projects;

/// <summary>
/// The project's one retention policy: created and deleted here, so "a project has at most one policy" and its
/// <c>retention_id</c> metadata change together, serialized with every other change to the project.
/// </summary>
public sealed partial class ProjectGrain : IProjectRetentionGrain
{
    private IRetentionMetadata RetentionStore => ServiceProvider.GetRequiredService<IRetentionMetadata>();

    public async Task<RetentionPolicyResult> TryCreateRetentionPolicyAsync(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (_project is null)
        {
            return RetentionFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        var draft = policy with { ScopeLevel = RetentionPolicy.ProjectScope, ScopeReference = _project.ProjectId };
        var (error, message) = RetentionPolicyValidator.Validate(draft);
        if (error != RegistryError.None)
        {
            return RetentionFail(error, message!);
        }

        if (await RetentionStore.FindRetentionPolicyOfProjectAsync(_project.ProjectId, CancellationToken.None) is { } existing)
        {
            return RetentionFail(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"project {_project.ProjectId} already has retention policy {existing.Id}"));
        }

        var created = await RetentionStore.TryCreateRetentionPolicyAsync(draft, clock.GetUtcNow(), CancellationToken.None);
        if (created is null)
        {
            return RetentionFail(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"project {_project.ProjectId} already has a retention policy"));
        }

        try
        {
            await RetentionSchedule.ApplyAsync(GrainFactory, created.Id, null, created.Trigger);
            await SetRetentionIdAsync(created.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch
        {
            await RetentionStore.DeleteRetentionPolicyAsync(created.Id, CancellationToken.None);
            throw;
        }

        logger.LogInformation("Created retention policy {PolicyId} of project {Project}", created.Id, Name);
        return new RetentionPolicyResult(RegistryError.None, null, created);
    }

    public async Task<RetentionPolicyResult> TryDeleteRetentionPolicyAsync(long policyId)
    {
        var policy = await RetentionStore.GetRetentionPolicyAsync(policyId, CancellationToken.None);
        if (_project is null || policy is null || policy.ScopeReference != _project.ProjectId)
        {
            return RetentionFail(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"retention policy {policyId} not found"));
        }

        await RetentionStore.DeleteRetentionPolicyAsync(policyId, CancellationToken.None);
        await SetRetentionIdAsync(null);
        await RetentionSchedule.ApplyAsync(GrainFactory, policyId, policy.Trigger, null);
        logger.LogInformation("Deleted retention policy {PolicyId} of project {Project}", policyId, Name);
        return new RetentionPolicyResult(RegistryError.None, null, policy);
    }

    /// <summary>Writes <c>retention_id</c> (null removes it); the key is the system's, so it bypasses the metadata API's rules.</summary>
    private async Task SetRetentionIdAsync(string? value)
    {
        var merged = new Dictionary<string, string>(_project!.Metadata, StringComparer.Ordinal);
        if (value is null)
        {
            merged.Remove(ProjectMetadataRules.RetentionId);
        }
        else
        {
            merged[ProjectMetadataRules.RetentionId] = value;
        }

        _project = await metadata.UpdateProjectMetadataAsync(Name, merged, clock.GetUtcNow(), CancellationToken.None) ?? _project;
    }

    private static RetentionPolicyResult RetentionFail(RegistryError error, string message) => new(error, message, null);
}
