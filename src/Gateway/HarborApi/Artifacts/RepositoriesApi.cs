using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Harbor's "repository" API tag: list a project's repositories, read, describe and delete one (deleting every
/// artifact through its repository grain first), and <c>/repositories</c> across the projects the caller may see.
/// </summary>
public static class RepositoriesApi
{
    private const string One = "/projects/{projectName}/repositories/{repositoryName}";

    public static RouteGroupBuilder MapRepositoriesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/repositories", ListAllAsync);
        api.MapGet("/projects/{projectName}/repositories", ListAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, string projectName, ProjectResolver projects, IArtifactMetadata store, IPullMetadata pulls)
    {
        var resolved = await projects.ResolveAsync(context, projectName, new Permission(RbacResources.Repository, RbacActions.List));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        return await PageAsync(context, store, pulls, resolved.Project!.Name, ProjectVisibility.All);
    }

    private static async Task<IResult> ListAllAsync(
        HttpContext context, RegistryAuthenticator authenticator, ProjectPermissionResolver permissions, IArtifactMetadata store, IPullMetadata pulls)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        var visibility = caller.User switch
        {
            null => ProjectVisibility.PublicOnly,
            { IsAdmin: true } => ProjectVisibility.All,
            var user => new ProjectVisibility(false, user.UserId) { MemberGroupIds = await permissions.GroupIdsAsync(caller, context.RequestAborted) },
        };
        return await PageAsync(context, store, pulls, null, visibility);
    }

    private static async Task<IResult> PageAsync(
        HttpContext context, IArtifactMetadata store, IPullMetadata pulls, string? project, ProjectVisibility visibility)
    {
        var request = context.Request.Query;
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out var error) ||
            !HarborQueryParser.TryParse(request["q"], RepositoryFields.Filterable, out var filters, out error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (filters.TryGetValue(RepositoryFields.ProjectId, out var projectId) && !IsInteger(projectId))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "project_id takes integers");
        }

        var query = new ListQuery(filters, HarborSortParser.Parse(request["sort"], RepositoryFields.Sortable), page, pageSize);
        var result = await store.ListRepositoryPageAsync(new RepositoryListQuery(query, project, visibility), context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        var counts = await pulls.GetRepositoryPullCountsAsync(result.Items.Select(r => r.Name).ToList(), context.RequestAborted);
        return Results.Json(result.Items.Select(r => Model(r, counts.GetValueOrDefault(r.Name))));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string projectName, string repositoryName, ArtifactScope scopes, IPullMetadata pulls)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Repository, RbacActions.Read));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        var counts = await pulls.GetRepositoryPullCountsAsync([scope.Name], context.RequestAborted);
        return Results.Json(Model(scope.Repository!, counts.GetValueOrDefault(scope.Name)));
    }

    private static async Task<IResult> UpdateAsync(
        HttpContext context, string projectName, string repositoryName, ArtifactScope scopes, IArtifactMetadata store, TimeProvider clock)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Repository, RbacActions.Update));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        var body = await HarborJsonBody.ReadAsync<RepositoryUpdate>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        await store.UpdateRepositoryDescriptionAsync(scope.Name, body.Value!.Description ?? string.Empty, clock.GetUtcNow(), context.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        HttpContext context, string projectName, string repositoryName, ArtifactScope scopes, ArtifactDeleter deleter, ArtifactAudit audit)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Repository, RbacActions.Delete));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        await deleter.DeleteRepositoryAsync(scope, context.RequestAborted);
        audit.RepositoryDeleted(scope.Project.Caller, scope.Name, scope.Project.Project!.ProjectId);
        return Results.Ok();
    }

    private static bool IsInteger(QueryValue value) => value switch
    {
        ExactValue e => long.TryParse(e.Value, System.Globalization.CultureInfo.InvariantCulture, out _),
        OrListValue o => o.Values.All(v => long.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _)),
        RangeValue r => (r.Min ?? "0").All(char.IsAsciiDigit) && (r.Max ?? "0").All(char.IsAsciiDigit),
        _ => false,
    };

    private static RepositoryModel Model(RepositoryListing r, long pullCount) =>
        new(r.RepositoryId, r.ProjectId, r.Name, r.Description, r.ArtifactCount, pullCount, r.CreationTime.UtcDateTime, r.UpdateTime.UtcDateTime);
}
