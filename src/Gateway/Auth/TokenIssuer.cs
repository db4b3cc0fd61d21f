using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Auth;

/// <summary>Resolves what a caller holds in each project its requested scopes name, and intersects (<see cref="TokenGrants"/>).</summary>
public sealed class TokenIssuer(ProjectDirectory projects, ProjectPermissionResolver permissions)
{
    public async Task<IReadOnlyList<TokenAccess>> GrantAsync(RegistryCaller caller, IReadOnlyList<RegistryScope> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Robot is { } robot)
        {
            // Robots get repository actions from their grants alone (RobotGrants), never the catalog.
            var facts = new Dictionary<string, ProjectInfo?>(StringComparer.Ordinal);
            foreach (var name in TokenGrants.ProjectsOf(scopes))
            {
                facts[name] = await projects.FindAsync(name);
            }

            return TokenGrants.Grant(robot, scopes, facts);
        }

        var held = new Dictionary<string, ProjectPermissionSet?>(StringComparer.Ordinal);
        foreach (var name in TokenGrants.ProjectsOf(scopes))
        {
            var project = await projects.FindAsync(name);
            held[name] = project is null ? null : await permissions.ResolveAsync(caller, project, cancellationToken);
        }

        return TokenGrants.Grant(caller.IsAdmin, scopes, held);
    }
}
