using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Access.Robots;

/// <summary>
/// Who may create, list, read, update and delete robots: the one place that decides it. Pure.
/// System robots: the system admin, or a robot granted system-level <c>robot:&lt;action&gt;</c>. Project robots:
/// the system admin, a user whose project role holds <c>robot:&lt;action&gt;</c> (Harbor's matrix: Project Admin
/// everything; Maintainer, Developer and Guest list and read), or a robot granted it in that project.
/// </summary>
public static class RobotManagementPolicy
{
    /// <param name="user">The signed-in user, or null.</param>
    /// <param name="robot">The signed-in robot, or null.</param>
    /// <param name="project">The project of a project robot; null for system robots.</param>
    /// <param name="userPermissions">What <paramref name="user"/> holds in <paramref name="project"/>, or null.</param>
    /// <param name="action">create, list, read, update or delete.</param>
    public static bool MayManage(UserInfo? user, RobotInfo? robot, string level, ProjectInfo? project, ProjectPermissionSet? userPermissions, string action)
    {
        if (user is { IsAdmin: true })
        {
            return true;
        }

        var wanted = new Permission(RbacResources.Robot, action);
        if (level == RobotLevels.System)
        {
            return robot is not null && RobotGrants.AllowsSystem(robot, wanted);
        }

        if (project is null)
        {
            return false;
        }

        return (user is not null && userPermissions is not null && userPermissions.Allows(wanted))
            || (robot is not null && RobotGrants.Allows(robot, project, wanted));
    }

    /// <summary>
    /// Whether a robot creating another robot asks for no more than it holds (Harbor's rule): every requested
    /// namespace is one of the creator's (or covered by its <c>*</c>), and every access entry is one the creator has there.
    /// </summary>
    public static bool IsWithinCreator(IReadOnlyList<RobotPermission> requested, RobotInfo creator)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(creator);
        foreach (var wanted in requested)
        {
            var held = creator.Permissions.FirstOrDefault(p => p.Kind == wanted.Kind && p.Namespace == wanted.Namespace && p.ProjectId == wanted.ProjectId)
                ?? creator.Permissions.FirstOrDefault(p => p.Kind == wanted.Kind && p.Namespace == RobotPermission.AllProjects);
            if (held is null || !wanted.Access.All(a => held.Access.Any(h => h.Resource == a.Resource && h.Action == a.Action && h.Effect == a.Effect)))
            {
                return false;
            }
        }

        return true;
    }
}
