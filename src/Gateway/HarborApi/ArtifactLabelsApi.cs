using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Artifacts;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Labels;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's artifact label operations (swagger tag "artifact"): add a label to an artifact (tag or digest) and
/// remove it. Both need <c>artifact-label</c> create/delete in the project (project admin, maintainer, developer);
/// a label of another project is not found there, a global label is usable everywhere.
/// </summary>
public static class ArtifactLabelsApi
{
    private const string Labels = "/projects/{projectName}/repositories/{repositoryName}/artifacts/{reference}/labels";

    public static RouteGroupBuilder MapArtifactLabelsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost(Labels, AddAsync);
        api.MapDelete(Labels + "/{labelId}", RemoveAsync);
        return api;
    }

    private static async Task<IResult> AddAsync(
        string projectName, string repositoryName, string reference, HttpContext context, ProjectResolver resolver, IGrainFactory grains,
        ILabelMetadata labels, IArtifactLabelMetadata artifactLabels, TimeProvider clock)
    {
        var resolved = await resolver.ResolveAsync(context, new ProjectNameOrId(null, projectName), new Permission(RbacResources.ArtifactLabel, RbacActions.Create));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<LabelReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.Id is not > 0)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "the label's id is required (a positive integer)");
        }

        var labelId = body.Value.Id.Value;
        var project = resolved.Project!;
        var label = await labels.GetLabelAsync(labelId, context.RequestAborted);
        if (label is null || (label.Scope == LabelRules.ProjectScope && label.ProjectId != project.ProjectId))
        {
            return HarborErrorResult.From(
                RegistryError.NameUnknown, $"project id {project.ProjectId.ToString(CultureInfo.InvariantCulture)}, label {labelId.ToString(CultureInfo.InvariantCulture)} not found");
        }

        var artifact = await FindArtifactAsync(project, repositoryName, reference, grains);
        if (artifact.Error is not null)
        {
            return artifact.Error;
        }

        return await artifactLabels.TryAddArtifactLabelAsync(artifact.Repository!, artifact.Digest!, labelId, clock.GetUtcNow(), context.RequestAborted) switch
        {
            ArtifactLabelChange.Added => Results.Ok(),
            ArtifactLabelChange.AlreadyAdded => HarborErrorResult.From(
                RegistryError.Conflict, $"label {labelId.ToString(CultureInfo.InvariantCulture)} is already added to the artifact {artifact.Repository}@{artifact.Digest}"),
            ArtifactLabelChange.LabelNotFound => HarborErrorResult.From(RegistryError.NameUnknown, $"label {labelId.ToString(CultureInfo.InvariantCulture)} not found"),
            _ => ArtifactNotFound(artifact.Repository!, reference),
        };
    }

    private static async Task<IResult> RemoveAsync(
        string projectName, string repositoryName, string reference, string labelId, HttpContext context, ProjectResolver resolver, IGrainFactory grains,
        IArtifactLabelMetadata artifactLabels)
    {
        var resolved = await resolver.ResolveAsync(context, new ProjectNameOrId(null, projectName), new Permission(RbacResources.ArtifactLabel, RbacActions.Delete));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborIds.TryParse(labelId, out var id))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "label_id must be a positive integer");
        }

        var artifact = await FindArtifactAsync(resolved.Project!, repositoryName, reference, grains);
        if (artifact.Error is not null)
        {
            return artifact.Error;
        }

        return await artifactLabels.RemoveArtifactLabelAsync(artifact.Repository!, artifact.Digest!, id, context.RequestAborted)
            ? Results.Ok()
            : HarborErrorResult.From(
                RegistryError.NameUnknown, $"reference with label {id.ToString(CultureInfo.InvariantCulture)} and artifact {artifact.Repository}@{artifact.Digest} not found");
    }

    /// <summary>The repository and manifest digest the path names, asked of the repository grain (tag or digest).</summary>
    private static async Task<(string? Repository, string? Digest, IResult? Error)> FindArtifactAsync(
        ProjectInfo project, string repositoryName, string reference, IGrainFactory grains)
    {
        var repository = RepositoryPath.FullName(project.Name, repositoryName);
        if (repository is null)
        {
            return (null, null, HarborErrorResult.From(RegistryError.NameInvalid, $"invalid repository name: {repositoryName}"));
        }

        if (!RepositoryPath.IsValidReference(reference))
        {
            return (null, null, HarborErrorResult.From(RegistryError.BadRequest, $"invalid reference: {reference} (a tag or a digest)"));
        }

        var manifest = await grains.GetGrain<IRepositoryGrain>(repository).GetManifestAsync(reference);
        return manifest is null ? (null, null, ArtifactNotFound(repository, reference)) : (repository, manifest.Digest, null);
    }

    private static IResult ArtifactNotFound(string repository, string reference) =>
        HarborErrorResult.From(RegistryError.ManifestUnknown, $"artifact {repository}:{reference} not found");
}
