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
public sealed class ProjectResolver(RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog)
{
    public async Task<ResolvedProject> ResolveAsync(HttpContext context, string projectNameOrId, ProjectRight right)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return Fail(caller, RegistryError.Unauthorized, "invalid credentials");
        }

        var reference = ProjectNameOrId.Parse(projectNameOrId, context.Request.Headers[ProjectNameOrId.IsResourceNameHeader]);
        var name = reference.Name ?? await catalog.FindProjectNameAsync(reference.Id!.Value, context.RequestAborted);
        var project = name is not null && ProjectNames.IsValid(name) ? await grains.GetGrain<IProjectGrain>(name).GetAsync() : null;
        if (project is null)
        {
            return Fail(caller, RegistryError.ProjectNotFound, $"project {reference} not found");
        }

        var allowed = right switch
        {
            ProjectRight.Read => ProjectAccess.CanRead(caller.User, project),
            ProjectRight.ReadLogs => ProjectAccess.CanReadLogs(caller.User, project),
            _ => ProjectAccess.CanManage(caller.User, project),
        };
        if (!allowed)
        {
            var verb = right switch
            {
                ProjectRight.Read => "read",
                ProjectRight.ReadLogs => "read the logs of",
                _ => "change",
            };
            return caller.User is null
                ? Fail(caller, RegistryError.Unauthorized, "authentication required")
                : Fail(caller, RegistryError.Denied, $"{caller.DisplayName} may not {verb} project {project.Name}");
        }

        return new ResolvedProject(caller, project, null);
    }

    private static ResolvedProject Fail(RegistryCaller caller, RegistryError error, string message) =>
        new(caller, null, HarborErrorResult.From(error, message));
}

/// <summary>What the caller wants to do with a project.</summary>
public enum ProjectRight
{
    Read = 0,
    Manage,
    /// <summary>List the project's audit log.</summary>
    ReadLogs,
}

/// <summary>The project and caller, or the error response to send instead.</summary>
public sealed record ResolvedProject(RegistryCaller Caller, ProjectInfo? Project, IResult? Error);
