using System.Globalization;

namespace ArtifactKeeper.Access.Robots;

/// <summary>
/// Whether a robot's level, duration, description and permission set are acceptable, with Harbor's
/// messages where Harbor has one. Pure: project namespaces are checked for shape here; whether the
/// project exists is the caller's lookup.
/// </summary>
public static class RobotPermissionRules
{
    public const int MaxDescriptionLength = 1024;
    public const int MaxPermissions = 100;
    public const int MaxAccessPerPermission = 200;
    private const int MaxNamespaceLength = 255;

    public static bool IsValidLevel(string? level) => level is RobotLevels.System or RobotLevels.Project;

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Validate(string? level, long duration, string? description, IReadOnlyList<RobotPermission>? permissions)
    {
        if (!RobotExpiry.IsValidDuration(duration))
        {
            return string.Create(CultureInfo.InvariantCulture, $"bad request error duration input: {duration}, duration must be either -1(Never) or a positive integer");
        }

        if (!IsValidLevel(level))
        {
            return $"bad request error level input: {level}, level must be system or project";
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            return $"the description must be at most {MaxDescriptionLength} characters";
        }

        if (permissions is null || permissions.Count == 0)
        {
            return "bad request empty permission: a robot needs at least one permission";
        }

        if (permissions.Count > MaxPermissions)
        {
            return $"a robot may hold at most {MaxPermissions} permissions";
        }

        if (level == RobotLevels.Project && permissions.Count > 1)
        {
            return "bad request permission: a project robot holds exactly one permission, for its own project";
        }

        var namespaces = new HashSet<(string, string)>();
        foreach (var permission in permissions)
        {
            if (CheckPermission(level!, permission) is { } error)
            {
                return error;
            }

            if (!namespaces.Add((permission.Kind, permission.Namespace)))
            {
                return $"bad request permission: namespace {permission.Kind}:{permission.Namespace} is listed more than once";
            }
        }

        return null;
    }

    private static string? CheckPermission(string level, RobotPermission permission)
    {
        if (permission is null || permission.Access is null || permission.Access.Count == 0)
        {
            return "bad request empty access: every permission needs at least one access entry";
        }

        if (permission.Access.Count > MaxAccessPerPermission)
        {
            return $"a permission may list at most {MaxAccessPerPermission} access entries";
        }

        switch (permission.Kind)
        {
            case RobotLevels.System when level == RobotLevels.Project:
                return "bad request permission: a project robot may only hold project permissions";
            case RobotLevels.System when permission.Namespace != RobotPermission.SystemNamespace:
                return $"bad request permission: the namespace of a system permission is \"/\", not \"{permission.Namespace}\"";
            case RobotLevels.Project when string.IsNullOrEmpty(permission.Namespace) || permission.Namespace.Length > MaxNamespaceLength:
                return "bad request permission: a project permission names a project or \"*\"";
            case RobotLevels.Project when level == RobotLevels.Project && permission.Namespace == RobotPermission.AllProjects:
                return "bad request permission: a project robot's permission names its project, not \"*\"";
            case RobotLevels.System or RobotLevels.Project:
                break;
            default:
                return $"bad request permission level: {permission.Kind}, the kind must be system or project";
        }

        foreach (var access in permission.Access)
        {
            if (access is null)
            {
                return "bad request empty access: an access entry is null";
            }

            if (!RobotPolicies.IsGrantable(permission.Kind, access.Permission))
            {
                return $"bad request permission: {access.Resource}:{access.Action} cannot be granted at {permission.Kind} level";
            }

            if (access.Effect is not ("" or RobotAccess.Allow or RobotAccess.Deny))
            {
                return $"bad request permission: effect {access.Effect} must be allow or deny";
            }
        }

        return null;
    }
}
