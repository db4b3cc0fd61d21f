using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Gateway;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>Harbor's tag endpoints of an artifact: list (paged in the store), create (never moves a tag) and delete.</summary>
public static class ArtifactTagsApi
{
    private const string Tags = ArtifactsApi.One + "/tags";

    public static RouteGroupBuilder MapArtifactTagsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(Tags, ListAsync);
        api.MapPost(Tags, CreateAsync);
        api.MapDelete(Tags + "/{tagName}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, IArtifactMetadata store)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Tag, RbacActions.List));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        var request = context.Request.Query;
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out var error) ||
            !HarborQueryParser.TryParse(request["q"], TagFields.Filterable, out var filters, out error) ||
            ArtifactView.Parse(request, out error) is null)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var (artifact, missing) = await scopes.FindAsync(scope, reference, context.RequestAborted);
        if (missing is not null)
        {
            return missing;
        }

        var query = new ListQuery(filters, HarborSortParser.Parse(request["sort"], TagFields.Sortable), page, pageSize);
        var result = await store.ListArtifactTagsAsync(scope.Name, artifact!.Digest, query, context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(t => ArtifactAssembler.Tag(t, artifact)));
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, GrainReferences grains, ArtifactAudit audit)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Tag, RbacActions.Create));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        var body = await HarborJsonBody.ReadAsync<TagCreate>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var name = body.Value!.Name;
        if (string.IsNullOrEmpty(name) || !OciGrammar.IsValidTag(name))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"invalid tag name: {name}");
        }

        var (artifact, missing) = await scopes.FindAsync(scope, reference, context.RequestAborted);
        if (missing is not null)
        {
            return missing;
        }

        var error = await grains.Repository(scope.Name).TryTagAsync(artifact!.Digest, name);
        if (error != RegistryError.None)
        {
            return HarborErrorResult.From(error, error == RegistryError.Conflict ? $"tag {name} already exists in {scope.Name}" : $"tag {name} not created");
        }

        audit.TagCreated(scope.Project.Caller, scope.Name, name, artifact.Digest, scope.Project.Project!.ProjectId);
        context.Response.Headers.Location = string.Create(
            CultureInfo.InvariantCulture,
            $"/api/v2.0/projects/{scope.Project.Project.Name}/repositories/{RepositoryPath.Encode(scope.Name)}/artifacts/{artifact.Digest}/tags/{name}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(
        HttpContext context, string projectName, string repositoryName, string reference, string tagName,
        ArtifactScope scopes, IArtifactMetadata store, GrainReferences grains, ArtifactAudit audit, ReplicationEventTrigger replication)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Tag, RbacActions.Delete));
        if (failure is not null)
        {
            return failure;
        }

        var tags = await store.ListTagsOfAsync(scope.Name, [artifact!.Digest], context.RequestAborted);
        var deleted = tags.Any(t => t.Name == tagName) ? await grains.Repository(scope.Name).TryDeleteTagAsync(tagName) : null;
        if (deleted is null || deleted.Error is RegistryError.ManifestUnknown or RegistryError.NameUnknown)
        {
            return HarborErrorResult.From(RegistryError.ManifestUnknown, $"tag {tagName} of artifact {scope.Name}@{artifact.Digest} not found");
        }

        if (!deleted.Succeeded)
        {
            return HarborErrorResult.From(deleted.Error, deleted.Message ?? "tag not deleted");
        }

        audit.TagDeleted(scope.Project.Caller, scope.Name, tagName, scope.Project.Project!.ProjectId);
        replication.TagDeleted(scope.Name, artifact.Digest, tagName);
        return Results.Ok();
    }
}
