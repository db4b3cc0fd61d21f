namespace ArtifactKeeper.Projects;

/// <summary>Harbor's project roles, numbered as Harbor's <c>role_id</c> (the order is historical, not a rank).</summary>
[GenerateSerializer]
public enum ProjectRole
{
    ProjectAdmin = 1,
    Developer = 2,
    Guest = 3,
    Maintainer = 4,
    LimitedGuest = 5,
}

/// <summary>Harbor's names of the roles, as <c>role_name</c> shows them.</summary>
public static class ProjectRoles
{
    public static bool IsDefined(long roleId) => roleId is >= 1 and <= 5;

    public static string NameOf(ProjectRole role) => role switch
    {
        ProjectRole.ProjectAdmin => "projectAdmin",
        ProjectRole.Developer => "developer",
        ProjectRole.Guest => "guest",
        ProjectRole.Maintainer => "maintainer",
        ProjectRole.LimitedGuest => "limitedGuest",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a Harbor role"),
    };
}
