using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>Harbor's "artifact" API tag: list, read, delete and copy artifacts of a repository.</summary>
public static class ArtifactsApi
{
    public const string Artifacts = "/projects/{projectName}/repositories/{repositoryName}/artifacts";
    public const string One = Artifacts + "/{reference}";

    /// <summary>The <c>q</c> keys of the artifact list: the stored fields, and <c>labels</c> (see <see cref="ArtifactLabelFilter"/>).</summary>
    private static readonly IReadOnlySet<string> QueryKeys = new HashSet<string>([.. ArtifactFields.Filterable, "labels"], StringComparer.Ordinal);

    public static RouteGroupBuilder MapArtifactsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(Artifacts, ListAsync);
        api.MapPost(Artifacts, CopyAsync);
        api.MapGet(One, GetAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context,
        string projectName,
        string repositoryName,
        ArtifactScope scopes,
        IArtifactMetadata store,
        IArtifactLabelMetadata labels,
        ArtifactAssembler assembler)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Artifact, RbacActions.List));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        var request = context.Request.Query;
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out var error) ||
            !HarborQueryParser.TryParse(request["q"], QueryKeys, out var parsed, out error) ||
            ArtifactView.Parse(request, out error) is not { } view)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var filters = parsed.Where(f => ArtifactFields.Filterable.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        if (parsed.TryGetValue("labels", out var labelValue))
        {
            if (!ArtifactLabelFilter.TryParse(labelValue, out var labelFilter, out error))
            {
                return HarborErrorResult.From(RegistryError.BadRequest, error!);
            }

            var labelled = await labels.FindDigestsWithLabelsAsync(scope.Name, labelFilter!.LabelIds, labelFilter.MatchAll, context.RequestAborted);
            var digests = ArtifactLabelFilter.NarrowDigests(labelled, filters.GetValueOrDefault(ArtifactFields.Digest), out error);
            if (error is not null)
            {
                return HarborErrorResult.From(RegistryError.BadRequest, error);
            }

            if (digests is null)
            {
                HarborPaging.WriteHeaders(context, 0, page, pageSize);
                return Results.Json(Array.Empty<object>());
            }

            filters[ArtifactFields.Digest] = digests;
        }

        var query = new ListQuery(filters, HarborSortParser.Parse(request["sort"], ArtifactFields.Sortable), page, pageSize);
        var result = await store.ListArtifactsAsync(new ArtifactListQuery(scope.Name, query), context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        var project = scope.Project.Project!;
        return Results.Json(await assembler.AssembleAsync(project.Name, project.ProjectId, result.Items, view, context.RequestAborted));
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, ArtifactAssembler assembler)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Artifact, RbacActions.Read));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        if (ArtifactView.Parse(context.Request.Query, out var error) is not { } view)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var (artifact, missing) = await scopes.FindAsync(scope, reference, context.RequestAborted);
        if (missing is not null)
        {
            return missing;
        }

        var project = scope.Project.Project!;
        var models = await assembler.AssembleAsync(project.Name, project.ProjectId, [artifact!], view, context.RequestAborted);
        return Results.Json(models[0]);
    }

    private static async Task<IResult> DeleteAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, ArtifactDeleter deleter)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Artifact, RbacActions.Delete));
        if (failure is not null)
        {
            return failure;
        }

        var deleted = await deleter.DeleteArtifactAsync(scope, artifact!, context.RequestAborted);
        return deleted.Succeeded
            ? Results.Ok()
            : deleted.Error == RegistryError.ManifestUnknown
                ? HarborErrorResult.From(RegistryError.ManifestUnknown, $"artifact {scope.Name}:{reference} not found")
                : HarborErrorResult.From(deleted.Error, deleted.Message ?? "artifact not deleted");
    }

    /// <summary>
    /// <c>POST .../artifacts?from=project/repo:tag</c> (or <c>@digest</c>): 201 with the new artifact's Location. The
    /// caller needs artifact create and push in the destination, artifact read and pull in the source.
    /// </summary>
    private static async Task<IResult> CopyAsync(
        HttpContext context, string projectName, string repositoryName, ProjectResolver projects, ArtifactCopier copier, ArtifactAudit audit)
    {
        var target = await projects.ResolveAsync(context, projectName, new Permission(RbacResources.Artifact, RbacActions.Create));
        if (target.Error is not null)
        {
            return target.Error;
        }

        if (!target.Permissions.Allows(new Permission(RbacResources.Repository, RbacActions.Push)))
        {
            return HarborErrorResult.From(RegistryError.Denied, $"{target.Caller.DisplayName} may not push to project {target.Project!.Name}");
        }

        var destination = RepositoryPath.FullName(target.Project!.Name, repositoryName);
        if (destination is null)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"invalid repository name: {repositoryName}");
        }

        if (!CopySource.TryParse(context.Request.Query["from"].ToString(), out var source, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var origin = await projects.ResolveAsync(context, source!.Project, new Permission(RbacResources.Artifact, RbacActions.Read));
        if (origin.Error is not null)
        {
            return origin.Error;
        }

        if (!origin.Permissions.Allows(new Permission(RbacResources.Repository, RbacActions.Pull)))
        {
            return HarborErrorResult.From(RegistryError.Denied, $"{origin.Caller.DisplayName} may not pull from project {origin.Project!.Name}");
        }

        var result = await copier.CopyAsync(source, destination, context.RequestAborted);
        if (result.Error != RegistryError.None)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "copy failed");
        }

        var from = context.Request.Query["from"].ToString();
        foreach (var tag in result.Tags.Count == 0 ? [null] : result.Tags.Select(t => (string?)t))
        {
            audit.ArtifactCopied(target.Caller, destination, tag, result.Digest!, from, target.Project.ProjectId);
        }

        context.Response.Headers.Location = string.Create(
            CultureInfo.InvariantCulture, $"/api/v2.0/projects/{target.Project.Name}/repositories/{RepositoryPath.Encode(destination)}/artifacts/{result.Digest}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }
}
