using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Resolves <c>{project_name_or_id}</c> and checks the caller may act on it, answering as Harbor does:
/// 401 for bad or missing credentials where they would help, 404 for an unknown project, 403 otherwise.
/// An anonymous caller asking for a project it may not see gets 401, so a client knows to log in.
/// </summary>
public sealed class ProjectResolver(
    RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog, ProjectPermissionResolver permissions)
{
    /// <summary>The project, when the caller holds <paramref name="required"/> there (Harbor's RBAC check of the endpoint).</summary>
    public Task<ResolvedProject> ResolveAsync(HttpContext context, string projectNameOrId, Permission required)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ResolveAsync(context, ProjectNameOrId.Parse(projectNameOrId, context.Request.Headers[ProjectNameOrId.IsResourceNameHeader]), required);
    }

    /// <summary>
    /// The same for a project already known to be named or numbered, as Harbor's <c>{project_name}</c> paths and
    /// <c>project_id</c> fields are.
    /// </summary>
    public async Task<ResolvedProject> ResolveAsync(HttpContext context, ProjectNameOrId reference, Permission required)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reference);
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return Fail(caller, RegistryError.Unauthorized, "invalid credentials");
        }

        var name = reference.Name ?? await catalog.FindProjectNameAsync(reference.Id!.Value, context.RequestAborted);
        var project = name is not null && ProjectNames.IsValid(name) ? await grains.GetGrain<IProjectGrain>(name).GetAsync() : null;
        if (project is null)
        {
            return Fail(caller, RegistryError.ProjectNotFound, $"project {reference} not found");
        }

        var held = await permissions.ResolveAsync(caller, project, context.RequestAborted);
        if (!held.Allows(required))
        {
            return caller.User is null && caller.Robot is null
                ? Fail(caller, RegistryError.Unauthorized, "authentication required")
                : Fail(caller, RegistryError.Denied, $"{caller.DisplayName} may not {required.Action} {(required.Resource.Length == 0 ? "project" : required.Resource + " of project")} {project.Name}");
        }

        return new ResolvedProject(caller, project, held, null);
    }

    private static ResolvedProject Fail(RegistryCaller caller, RegistryError error, string message) =>
        new(caller, null, ProjectPermissionSet.None, HarborErrorResult.From(error, message));
}

/// <summary>The project, the caller and what it holds there, or the error response to send instead.</summary>
public sealed record ResolvedProject(RegistryCaller Caller, ProjectInfo? Project, ProjectPermissionSet Permissions, IResult? Error);
