using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "permissions" API tag: the system-level and project-level permissions a robot may be granted.
/// System admins see both; project administrators (today: owners of a project) the project list only.
/// </summary>
public static class PermissionsApi
{
    public static RouteGroupBuilder MapPermissionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/permissions", GetAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext context, RegistryAuthenticator authenticator, ICatalogQueries catalog)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null && caller.Robot is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        var user = caller.User;
        var ownsProject = user is { IsAdmin: false } && (await catalog.ListProjectsAsync(
            new ProjectListQuery(
                new ListQuery(new Dictionary<string, QueryValue> { [ProjectFields.Owner] = new ExactValue(user.Username) }, [], 1, 1),
                ProjectVisibility.All),
            context.RequestAborted)).Total > 0;
        if (user is null || (!user.IsAdmin && !ownsProject))
        {
            return HarborErrorResult.From(RegistryError.Denied, "only admins(system and project) can access permissions");
        }

        static List<PermissionView> View(IEnumerable<ArtifactKeeper.Access.Permission> permissions) =>
            permissions.Select(p => new PermissionView(p.Resource, p.Action)).ToList();

        return Results.Json(new PermissionsModel(user.IsAdmin ? View(RobotPolicies.System) : null, View(RobotPolicies.Project)));
    }
}
