using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth;

/// <summary>Resolves what a caller holds in each project its requested scopes name, and intersects (<see cref="TokenGrants"/>).</summary>
public sealed class TokenIssuer(ProjectDirectory projects, ProjectPermissionResolver permissions)
{
    public async Task<IReadOnlyList<TokenAccess>> GrantAsync(RegistryCaller caller, IReadOnlyList<RegistryScope> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var held = new Dictionary<string, ProjectPermissionSet?>(StringComparer.Ordinal);
        foreach (var name in TokenGrants.ProjectsOf(scopes))
        {
            var project = await projects.FindAsync(name);
            held[name] = project is null ? null : await permissions.ResolveAsync(caller, project, cancellationToken);
        }

        return TokenGrants.Grant(caller.IsAdmin, scopes, held);
    }
}
