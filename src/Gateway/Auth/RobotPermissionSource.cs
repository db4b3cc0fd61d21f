using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Auth;

/// <summary>
/// A robot's own grants as project permissions for <see cref="ProjectPermissionResolver"/>: every permission a
/// project robot can be given that <see cref="RobotGrants"/> allows here (deny entries already applied), plus
/// repository pull where it may push, as Harbor treats push as including pull.
/// </summary>
public sealed class RobotPermissionSource : ICallerPermissionSource
{
    private static readonly Permission RepositoryPull = new(RbacResources.Repository, RbacActions.Pull);
    private static readonly Permission RepositoryPush = new(RbacResources.Repository, RbacActions.Push);

    public ValueTask<IReadOnlyCollection<Permission>> GrantsAsync(RegistryCaller caller, ProjectInfo project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(project);
        if (caller.Robot is not { } robot)
        {
            return ValueTask.FromResult<IReadOnlyCollection<Permission>>([]);
        }

        var granted = RobotPolicies.Project.Where(p => RobotGrants.Allows(robot, project, p)).ToHashSet();
        if (granted.Contains(RepositoryPush))
        {
            granted.Add(RepositoryPull);
        }

        return ValueTask.FromResult<IReadOnlyCollection<Permission>>(granted);
    }
}
