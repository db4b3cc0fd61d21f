using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Access;

/// <summary>
/// Decides which Docker token actions a caller gets on a repository of a project. Pure: the caller looks up
/// the user and the project, this only applies the rules.
/// </summary>
public static class AccessPolicy
{
    /// <summary>Docker token action names.</summary>
    public const string Pull = "pull", Push = "push", Delete = "delete", All = "*";

    /// <summary>
    /// The subset of <paramref name="requested"/> granted, in request order without duplicates.
    /// <paramref name="user"/> null means anonymous; <paramref name="project"/> null means it does not exist.
    /// Unknown actions are never granted.
    /// </summary>
    public static IReadOnlyList<string> GrantedActions(UserInfo? user, ProjectInfo? project, IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var granted = new List<string>(requested.Count);
        foreach (var action in requested)
        {
            if (!granted.Contains(action, StringComparer.Ordinal) && IsGranted(user, project, action))
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

    private static bool IsGranted(UserInfo? user, ProjectInfo? project, string action)
    {
        if (user is { IsAdmin: true })
        {
            // With no project, pull and push still pass so the gateway can answer "project not found"
            // rather than a bare "denied"; nothing broader (delete, *) is handed out for a missing project.
            return project is null
                ? action is Pull or Push
                : action is Pull or Push or Delete or All;
        }

        // Project membership (developer push, maintainer delete) is decided in a later issue.
        return project is { Public: true } && action is Pull;
    }
}
