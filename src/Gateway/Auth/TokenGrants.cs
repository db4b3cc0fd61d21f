using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Turns requested scopes into a token's <c>access</c> claim, as the Docker token spec asks: each scope gets
/// the subset of its actions the caller may perform, and scopes left with nothing (unknown resource types,
/// invalid names, nothing allowed) are omitted rather than refused. Pure: the caller resolves the permissions.
/// </summary>
public static class TokenGrants
{
    /// <summary>The projects whose facts <see cref="Grant"/> needs for <paramref name="scopes"/>.</summary>
    public static IReadOnlySet<string> ProjectsOf(IEnumerable<RegistryScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return scopes
            .Where(s => s.Type == "repository" && OciGrammar.IsValidRepositoryName(s.Name))
            .Select(s => RegistryKeys.ProjectOf(s.Name))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The granted access, in request order. <paramref name="held"/> maps each project of the scopes to what the
    /// caller holds there; a project missing from it (or mapped to null) does not exist.
    /// </summary>
    public static IReadOnlyList<TokenAccess> Grant(bool systemAdmin, IEnumerable<RegistryScope> scopes, IReadOnlyDictionary<string, ProjectPermissionSet?> held)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(held);
        var access = new List<TokenAccess>();
        foreach (var scope in scopes)
        {
            var granted = scope.Type switch
            {
                "repository" when OciGrammar.IsValidRepositoryName(scope.Name) =>
                    AccessPolicy.GrantedActions(held.GetValueOrDefault(RegistryKeys.ProjectOf(scope.Name)), systemAdmin, scope.Actions.ToList()),
                // Harbor hands the catalog to system administrators only.
                "registry" when scope.Name == "catalog" && systemAdmin =>
                    scope.Actions.Where(a => a == AccessPolicy.All).Distinct(StringComparer.Ordinal).ToList(),
                _ => [],
            };
            if (granted.Count > 0)
            {
                access.Add(new TokenAccess(scope.Type, scope.Name, granted));
            }
        }

        return access;
    }

    /// <summary>
    /// The granted access for a robot: repository scopes intersected with its grants in each project, nothing
    /// else (Harbor gives the catalog to system administrators only, and a robot is never one).
    /// </summary>
    public static IReadOnlyList<TokenAccess> Grant(RobotInfo robot, IEnumerable<RegistryScope> scopes, IReadOnlyDictionary<string, ProjectInfo?> projects)
    {
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(projects);
        var access = new List<TokenAccess>();
        foreach (var scope in scopes.Where(s => s.Type == "repository" && OciGrammar.IsValidRepositoryName(s.Name)))
        {
            var granted = RobotGrants.RepositoryActions(robot, projects.GetValueOrDefault(RegistryKeys.ProjectOf(scope.Name)), scope.Actions.ToList());
            if (granted.Count > 0)
            {
                access.Add(new TokenAccess(scope.Type, scope.Name, granted));
            }
        }

        return access;
    }

    /// <summary>The granted access as the OAuth2 response's <c>scope</c>: space-separated <c>type:name:actions</c>.</summary>
    public static string Format(IEnumerable<TokenAccess> access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return string.Join(' ', access.Select(a => $"{a.Type}:{a.Name}:{string.Join(',', a.Actions)}"));
    }
}
