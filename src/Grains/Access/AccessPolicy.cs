namespace ArtifactKeeper.Access;

/// <summary>
/// Decides which Docker token actions a caller gets on a repository, from the RBAC permissions the caller
/// holds in its project (<see cref="ProjectPermissionSet"/>). Pure: the gateway resolves the permissions.
/// </summary>
public static class AccessPolicy
{
    /// <summary>Docker token action names.</summary>
    public const string Pull = "pull", Push = "push", Delete = "delete", All = "*";

    /// <summary>
    /// The subset of <paramref name="requested"/> granted, in request order without duplicates.
    /// <paramref name="held"/> null means the project does not exist: then only a system administrator gets
    /// pull and push, so the gateway can answer "project not found" rather than a bare refusal.
    /// <c>*</c> is granted only to a caller holding pull, push and delete; unknown actions never are.
    /// </summary>
    public static IReadOnlyList<string> GrantedActions(ProjectPermissionSet? held, bool systemAdmin, IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var granted = new List<string>(requested.Count);
        foreach (var action in requested)
        {
            if (!granted.Contains(action, StringComparer.Ordinal) && IsGranted(held, systemAdmin, action))
            {
                granted.Add(action);
            }
        }

        return granted;
    }

    /// <summary>Whether <paramref name="granted"/> allows <paramref name="action"/>; <c>*</c> allows everything.</summary>
    public static bool Allows(IReadOnlyCollection<string> granted, string action)
    {
        ArgumentNullException.ThrowIfNull(granted);
        foreach (var held in granted)
        {
            if (string.Equals(held, All, StringComparison.Ordinal) || string.Equals(held, action, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGranted(ProjectPermissionSet? held, bool systemAdmin, string action)
    {
        if (held is null)
        {
            return systemAdmin && action is Pull or Push;
        }

        if (action == All)
        {
            return IsGranted(held, systemAdmin, Pull) && IsGranted(held, systemAdmin, Push) && IsGranted(held, systemAdmin, Delete);
        }

        return ProjectPermissions.ForRegistryAction(action) is { } needed && held.Allows(needed);
    }
}
