using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's <c>GET /users/current/permissions?scope=&amp;relative=</c>: the caller's permissions in one namespace,
/// <c>/project/{id}</c> or <c>/system</c>. Resources are absolute (<c>/project/1/repository</c>) unless
/// <c>relative=true</c> strips the scope (<c>repository</c>, and <c>.</c> for the project itself), as in Harbor.
/// An unknown scope or project answers an empty list.
/// </summary>
public static class CurrentUserPermissionsApi
{
    private const string ProjectScopePrefix = "/project/";
    private const string SystemScope = "/system";

    public static RouteGroupBuilder MapCurrentUserPermissionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/users/current/permissions", GetAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, RegistryAuthenticator authenticator, ICatalogQueries catalog, ProjectDirectory projects, ProjectPermissionResolver resolver)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        var query = context.Request.Query;
        var relativeText = query["relative"].ToString();
        if (relativeText.Length > 0 && !ProjectMetadataRules.TryParseBool(relativeText, out _))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "relative must be true or false");
        }

        var relative = relativeText.Length > 0 && ProjectMetadataRules.TryParseBool(relativeText, out var flag) && flag;
        var scope = query["scope"].ToString().TrimEnd('/');
        if (scope == SystemScope)
        {
            var held = caller.IsAdmin ? SystemPermissions.All : [];
            return Results.Json(held.Select(p => new PermissionModel(relative ? p.Resource : $"{SystemScope}/{p.Resource}", p.Action)));
        }

        if (!scope.StartsWith(ProjectScopePrefix, StringComparison.Ordinal)
            || !long.TryParse(scope.AsSpan(ProjectScopePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var projectId)
            || await catalog.FindProjectNameAsync(projectId, context.RequestAborted) is not { } name
            || await projects.FindAsync(name) is not { } project)
        {
            return Results.Json(Array.Empty<PermissionModel>());
        }

        var permissions = await resolver.ResolveAsync(caller, project, context.RequestAborted);
        return Results.Json(RolePermissions.AllProject
            .Where(permissions.Allows)
            .OrderBy(p => p.Resource, StringComparer.Ordinal)
            .ThenBy(p => p.Action, StringComparer.Ordinal)
            .Select(p => new PermissionModel(
                relative ? (p.Resource.Length == 0 ? "." : p.Resource) : ProjectPermissions.ScopedResource(project.ProjectId, p.Resource),
                p.Action)));
    }
}
