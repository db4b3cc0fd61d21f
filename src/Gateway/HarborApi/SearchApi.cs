using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "search" tag: projects and repositories whose name contains <c>q</c>, among those the caller may see (the
/// system admin all; a user public ones and its memberships; anyone else, robots included, public ones).
/// </summary>
public static class SearchApi
{
    /// <summary>At most this many projects and this many repositories per answer (Harbor has no paging here).</summary>
    public const int MaxResults = 1000;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/search", SearchAsync);
        return api;
    }

    private static async Task<IResult> SearchAsync(
        HttpContext context, RegistryAuthenticator authenticator, ICatalogQueries catalog, ISystemQueries queries, ProjectPermissionResolver permissions)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        // q is a required parameter: Harbor's API layer answers 422 before the handler runs.
        if (context.Request.Query["q"].ToString() is not { Length: > 0 } keyword)
        {
            return HarborErrorResult.Write(StatusCodes.Status422UnprocessableEntity, "UNPROCESSABLE_ENTITY", "q in query is required");
        }

        var visibility = caller.User switch
        {
            null => ProjectVisibility.PublicOnly,
            { IsAdmin: true } => ProjectVisibility.All,
            var user => new ProjectVisibility(false, user.UserId) { MemberGroupIds = await permissions.GroupIdsAsync(caller, context.RequestAborted) },
        };
        var filters = new Dictionary<string, QueryValue>(StringComparer.Ordinal) { [ProjectFields.Name] = new FuzzyValue(keyword) };
        var projects = await catalog.ListProjectsAsync(
            new ProjectListQuery(new ListQuery(filters, [], 1, MaxResults), visibility), context.RequestAborted);
        var repositories = await queries.SearchRepositoriesAsync(keyword, visibility, MaxResults, context.RequestAborted);
        return Results.Json(new SearchModel(
            projects.Items.Select(l => ProjectModel.Create(
                l.Project.ProjectId, l.OwnerId, l.Project.Name, l.Project.CreationTime, l.Project.UpdateTime, l.Project.OwnerName, l.RepoCount, l.Project.Metadata)).ToList(),
            repositories.Select(r => new SearchRepositoryModel(r.ProjectId, r.ProjectName, r.ProjectPublic, r.RepositoryName, r.PullCount, r.ArtifactCount)).ToList()));
    }
}
