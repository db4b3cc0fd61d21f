using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Enforces at the edge what <see cref="AccessPolicy"/> decides from the permissions the caller holds in the
/// repository's project (<see cref="ProjectPermissionResolver"/>). Bearer tokens are honoured only within the
/// access they carry, robots only within their grants.
/// </summary>
public sealed class RepositoryAuthorizer(ProjectDirectory projects, ProjectPermissionResolver permissions)
{
    public async ValueTask<AccessDecision> AuthorizeAsync(RegistryCaller caller, string repository, string action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind is CallerKind.Invalid or CallerKind.Throttled)
        {
            return AccessDecision.Challenge;
        }

        var project = await projects.FindAsync(RegistryKeys.ProjectOf(repository));
        if (caller.Kind == CallerKind.Token)
        {
            var granted = caller.Token!.Access
                .Where(a => a.Type == "repository" && string.Equals(a.Name, repository, StringComparison.Ordinal))
                .SelectMany(a => a.Actions)
                .ToList();
            if (AccessPolicy.Allows(granted, action))
            {
                return project is null ? AccessDecision.ProjectMissing : AccessDecision.Allowed;
            }

            return string.IsNullOrEmpty(caller.Token.Subject) ? AccessDecision.Challenge : AccessDecision.Denied;
        }

        if (caller.Kind == CallerKind.Robot)
        {
            // A robot gets what its permissions grant in this project and nothing else.
            return AccessPolicy.Allows(RobotGrants.RepositoryActions(caller.Robot!, project, [action]), action)
                ? AccessDecision.Allowed
                : AccessDecision.Denied;
        }

        var held = project is null ? null : await permissions.ResolveAsync(caller, project, cancellationToken);
        var actions = AccessPolicy.GrantedActions(held, caller.IsAdmin, [action]);
        if (AccessPolicy.Allows(actions, action))
        {
            return project is null ? AccessDecision.ProjectMissing : AccessDecision.Allowed;
        }

        return caller.Kind == CallerKind.Anonymous ? AccessDecision.Challenge : AccessDecision.Denied;
    }
}
