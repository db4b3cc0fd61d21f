using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Access;

/// <summary>Harbor's robot levels and permission kinds: a robot is <c>system</c> or <c>project</c> level.</summary>
public static class RobotLevels
{
    public const string System = "system";
    public const string Project = "project";
}

/// <summary>One entry of a robot permission's <c>access</c> list, in Harbor's words; <c>effect</c> is allow or deny.</summary>
[GenerateSerializer, Immutable]
public sealed record RobotAccess(string Resource, string Action, string Effect)
{
    public const string Allow = "allow";
    public const string Deny = "deny";

    public Permission Permission => new(Resource, Action);

    public bool Denies => string.Equals(Effect, Deny, StringComparison.Ordinal);
}

/// <summary>
/// One robot permission: a <c>kind</c> (system or project), a <c>namespace</c> ("/" for system, "*" for every
/// project, else a project name) and the access granted there. <see cref="ProjectId"/> is the id of the named
/// project when the permission was stored (0 otherwise): grants follow that id, so a project deleted and
/// recreated under the same name is never reached through an old grant.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RobotPermission(string Kind, string Namespace, long ProjectId, IReadOnlyList<RobotAccess> Access)
{
    public const string SystemNamespace = "/";
    public const string AllProjects = "*";

    public bool IsSystem => Kind == RobotLevels.System;

    public bool IsAllProjects => Kind == RobotLevels.Project && Namespace == AllProjects;
}

/// <summary>A robot account as the robot grain reports it; never carries the secret or its hash.</summary>
/// <param name="Name">The stored name without the <c>robot$</c> prefix: <c>name</c> or <c>project+name</c>.</param>
/// <param name="ProjectId">The project of a project-level robot, 0 for a system robot.</param>
/// <param name="ExpiresAt">Unix seconds, or -1 for never.</param>
[GenerateSerializer, Immutable]
public sealed record RobotInfo(
    long RobotId,
    string Name,
    string Description,
    string Level,
    long ProjectId,
    long Duration,
    long ExpiresAt,
    bool Disabled,
    string CreatorType,
    long CreatorRef,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime,
    IReadOnlyList<RobotPermission> Permissions)
{
    public bool IsSystemLevel => Level == RobotLevels.System;
}

/// <summary>A request to create a robot. Project namespaces already carry their project ids.</summary>
/// <param name="Name">The robot's own name (without prefix or project).</param>
/// <param name="ProjectName">The project of a project-level robot; null for a system robot.</param>
[GenerateSerializer, Immutable]
public sealed record CreateRobotRequest(
    string Name,
    string Description,
    string Level,
    string? ProjectName,
    long ProjectId,
    long Duration,
    bool Disabled,
    IReadOnlyList<RobotPermission> Permissions,
    string CreatorType,
    long CreatorRef);

/// <summary>The changeable fields of a robot (Harbor's PUT): name and level never change.</summary>
[GenerateSerializer, Immutable]
public sealed record UpdateRobotRequest(string Description, long Duration, bool Disabled, IReadOnlyList<RobotPermission> Permissions);

/// <summary>Outcome of a robot command; <see cref="Secret"/> is set only where Harbor shows it (create, generated refresh).</summary>
[GenerateSerializer, Immutable]
public sealed record RobotResult(RegistryError Error, string? Message, RobotInfo? Robot, string? Secret = null)
{
    public bool Succeeded => Error == RegistryError.None;

    public static RobotResult Fail(RegistryError error, string message) => new(error, message, null);
}

/// <summary>Why a robot's credentials were or were not accepted.</summary>
public enum RobotLoginStatus
{
    Accepted = 0,
    /// <summary>Unknown robot or wrong secret; the two are not told apart.</summary>
    Rejected,
    Disabled,
    Expired,
}

/// <summary>The answer of <see cref="IRobotGrain.VerifySecretAsync"/>; <see cref="Robot"/> only when accepted.</summary>
[GenerateSerializer, Immutable]
public sealed record RobotLogin(RobotLoginStatus Status, RobotInfo? Robot);
