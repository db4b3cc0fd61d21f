using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Labels;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's label access rule (label handler <c>requireAccess</c>): a global label needs the system permission,
/// which the system admin holds and a system robot may be granted; a project label needs <c>label</c>/<paramref name="action"/> in its project
/// under the role matrix (project admin and maintainer manage, every member reads, limited guests nothing).
/// </summary>
public static class LabelAccess
{
    /// <summary>Null when the caller may; else the 401/403/404 to send (404 when the label's project is gone).</summary>
    public static async Task<IResult?> CheckAsync(
        HttpContext context, RegistryCaller caller, ProjectResolver resolver, string scope, long projectId, string action)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(resolver);
        if (scope == LabelRules.ProjectScope)
        {
            var resolved = await resolver.ResolveAsync(context, new ProjectNameOrId(projectId, null), new Permission(RbacResources.Label, action));
            return resolved.Error;
        }

        var wanted = new Permission(RbacResources.Label, action);
        if (caller.IsAdmin || (caller.Robot is { } robot && RobotGrants.AllowsSystem(robot, wanted)))
        {
            return null;
        }

        return caller.User is null && caller.Robot is null
            ? HarborErrorResult.From(RegistryError.Unauthorized, "authentication required")
            : HarborErrorResult.From(RegistryError.Denied, $"{caller.DisplayName} may not {action} global labels");
    }
}
