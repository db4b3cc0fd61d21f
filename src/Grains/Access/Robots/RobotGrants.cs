using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Access.Robots;

/// <summary>
/// What a robot's permissions allow. Pure. A project permission applies to the project whose id it was
/// stored with, or to every project for <c>*</c> (system robots only); a deny entry beats any allow; push
/// includes pull, as in Harbor; a public project's pull is open to robots as to anyone.
/// </summary>
public static class RobotGrants
{
    /// <summary>Whether <paramref name="robot"/> may do <paramref name="wanted"/> in <paramref name="project"/>.</summary>
    public static bool Allows(RobotInfo robot, ProjectInfo project, Permission wanted)
    {
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(project);
        if (!robot.IsSystemLevel && robot.ProjectId != project.ProjectId)
        {
            return false;
        }

        return Decide(robot.Permissions.Where(p => p.Kind == RobotLevels.Project
            && (p.ProjectId == project.ProjectId || (robot.IsSystemLevel && p.IsAllProjects))), wanted);
    }

    /// <summary>Whether <paramref name="robot"/> holds the system-level <paramref name="wanted"/>.</summary>
    public static bool AllowsSystem(RobotInfo robot, Permission wanted)
    {
        ArgumentNullException.ThrowIfNull(robot);
        return robot.IsSystemLevel && Decide(robot.Permissions.Where(p => p.IsSystem), wanted);
    }

    /// <summary>
    /// The Docker token actions (pull, push, delete, scanner-pull) of <paramref name="requested"/> the robot gets on a
    /// repository of <paramref name="project"/>, in request order without duplicates, plus scanner-pull with a granted
    /// pull when the robot holds it; nothing for a missing project, never <c>*</c>.
    /// </summary>
    public static IReadOnlyList<string> RepositoryActions(RobotInfo robot, ProjectInfo? project, IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(requested);
        var granted = new List<string>(requested.Count);
        if (project is null)
        {
            return granted;
        }

        foreach (var action in requested.Distinct(StringComparer.Ordinal))
        {
            var allowed = action switch
            {
                AccessPolicy.Pull => project.Public || Allows(robot, project, new(RbacResources.Repository, RbacActions.Pull))
                    || Allows(robot, project, new(RbacResources.Repository, RbacActions.Push)),
                AccessPolicy.Push => Allows(robot, project, new(RbacResources.Repository, RbacActions.Push)),
                AccessPolicy.Delete => Allows(robot, project, new(RbacResources.Repository, RbacActions.Delete)),
                RbacActions.ScannerPull => Allows(robot, project, new(RbacResources.Repository, RbacActions.ScannerPull)),
                _ => false,
            };
            if (allowed)
            {
                granted.Add(action);
            }
        }

        // Harbor's token service writes every repository action the holder has into the token, so the scanner's robot,
        // which asks for pull like any client, carries scanner-pull and is not stopped by the pull policies it must scan past.
        if (granted.Contains(AccessPolicy.Pull) && !granted.Contains(RbacActions.ScannerPull) &&
            Allows(robot, project, new(RbacResources.Repository, RbacActions.ScannerPull)))
        {
            granted.Add(RbacActions.ScannerPull);
        }

        return granted;
    }

    private static bool Decide(IEnumerable<RobotPermission> permissions, Permission wanted)
    {
        var allowed = false;
        foreach (var access in permissions.SelectMany(p => p.Access))
        {
            if (!access.Permission.Covers(wanted))
            {
                continue;
            }

            if (access.Denies)
            {
                return false;
            }

            allowed = true;
        }

        return allowed;
    }
}
