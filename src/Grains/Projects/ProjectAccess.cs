using ArtifactKeeper.Access;

namespace ArtifactKeeper.Projects;

/// <summary>
/// Who may do what to a project through the Harbor API. Pure. Today: the system admin everything, the
/// owner read and manage, everyone read of a public project. Project members and their roles
/// (Harbor's guest, developer, maintainer, project admin) plug in here later.
/// </summary>
public static class ProjectAccess
{
    public static bool CanRead(UserInfo? user, ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Public || IsAdminOrOwner(user, project);
    }

    /// <summary>Update, delete, and metadata changes.</summary>
    public static bool CanManage(UserInfo? user, ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return IsAdminOrOwner(user, project);
    }

    /// <summary>The project's audit log: in Harbor only the project admin role may list it.</summary>
    public static bool CanReadLogs(UserInfo? user, ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return IsAdminOrOwner(user, project);
    }

    private static bool IsAdminOrOwner(UserInfo? user, ProjectInfo project) =>
        user is not null && (user.IsAdmin || string.Equals(user.Username, project.OwnerName, StringComparison.Ordinal));
}
