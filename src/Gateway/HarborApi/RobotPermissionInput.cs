using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Turns the <c>permissions</c> of a robot request into domain permissions: nulls become Harbor's "empty"
/// errors, the set is checked by <see cref="RobotPermissionRules"/>, and named project namespaces are resolved
/// to their project ids (404 for a project that does not exist).
/// </summary>
public static class RobotPermissionInput
{
    public static async Task<(IReadOnlyList<RobotPermission>? Permissions, IResult? Error)> ReadAsync(
        string? level, long duration, string? description, List<RobotPermissionModel?>? models, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var permissions = new List<RobotPermission>();
        foreach (var model in models ?? [])
        {
            if (model is null)
            {
                return Bad("bad request empty permission: a permission is null");
            }

            if (model.Access is null || model.Access.Exists(a => a is null))
            {
                return Bad("bad request empty access: every permission needs a list of access entries without nulls");
            }

            permissions.Add(new RobotPermission(
                model.Kind ?? string.Empty,
                model.Namespace ?? string.Empty,
                0,
                model.Access.Select(a => new RobotAccess(a!.Resource ?? string.Empty, a.Action ?? string.Empty, a.Effect ?? string.Empty)).ToList()));
        }

        if (RobotPermissionRules.Validate(level, duration, description, permissions) is { } error)
        {
            return Bad(error);
        }

        for (var i = 0; i < permissions.Count; i++)
        {
            var permission = permissions[i];
            if (permission.Kind != RobotLevels.Project || permission.IsAllProjects)
            {
                continue;
            }

            var project = ProjectNames.IsValid(permission.Namespace) ? await grains.GetGrain<IProjectGrain>(permission.Namespace).GetAsync() : null;
            if (project is null)
            {
                return (null, HarborErrorResult.From(RegistryError.ProjectNotFound, $"project {permission.Namespace} not found"));
            }

            permissions[i] = permission with { ProjectId = project.ProjectId };
        }

        return (permissions, null);
    }

    private static (IReadOnlyList<RobotPermission>?, IResult?) Bad(string message) => (null, HarborErrorResult.From(RegistryError.BadRequest, message));
}
