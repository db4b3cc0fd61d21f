using System.Globalization;
using System.Net;

namespace ArtifactKeeper.Audit;

/// <summary>
/// The audit vocabulary (Harbor's resource types and operations) and the events the registry records,
/// shaped as Harbor shapes them: an artifact is <c>repo:tag</c> when a tag named it, else <c>repo@digest</c>.
/// Features without a helper here build an <see cref="AuditEvent"/> from these constants directly.
/// </summary>
public static class AuditEvents
{
    public const string Artifact = "artifact", Repository = "repository", Tag = "tag", Project = "project", User = "user",
        Robot = "robot", Member = "member", Policy = "policy", Configuration = "configuration", Registry = "registry";

    public const string Create = "create", Delete = "delete", Pull = "pull", Update = "update", Login = "login";

    /// <summary>Whom to name when a request carried no identity (Harbor's word for it).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Harbor's audit event types (<c>/auditlog-exts/events</c>): operation_resourcetype.</summary>
    public static readonly IReadOnlyList<string> EventTypes =
    [
        "create_artifact", "delete_artifact", "pull_artifact", "create_project", "delete_project", "delete_repository",
        "login_user", "logout_user", "create_user", "delete_user", "update_user", "create_robot", "delete_robot",
        "update_configuration", "create_member", "delete_member", "update_member", "update_project",
    ];

    /// <summary>
    /// The artifact as Harbor's log names it: <paramref name="tag"/> when the request used one, else the digest.
    /// </summary>
    public static string ArtifactResource(string repository, string? tag, string digest) =>
        tag is { Length: > 0 } ? $"{repository}:{tag}" : $"{repository}@{digest}";

    public static AuditEvent ArtifactPushed(string username, string repository, string? tag, string digest, long? projectId, DateTimeOffset at) =>
        new(username, ArtifactResource(repository, tag, digest), Artifact, Create, true, at, projectId, $"push artifact: {repository}@{digest}");

    public static AuditEvent ArtifactPulled(string username, string repository, string? tag, string digest, long? projectId, DateTimeOffset at) =>
        new(username, ArtifactResource(repository, tag, digest), Artifact, Pull, true, at, projectId, $"pull artifact: {repository}@{digest}");

    /// <summary>A pushed signature (cosign or Notation) of <paramref name="subject"/>; recorded besides the artifact push.</summary>
    public static AuditEvent SignaturePushed(string username, string repository, string? tag, string digest, string subject, long? projectId, DateTimeOffset at) =>
        new(username, ArtifactResource(repository, tag, digest), Artifact, Create, true, at, projectId, $"push signature: {repository}@{digest} signs {subject}");

    /// <summary>A pull content trust refused (412), with what was missing or wrong.</summary>
    public static AuditEvent PullRefusedByContentTrust(string username, string repository, string? tag, string digest, long? projectId, DateTimeOffset at, string reason) =>
        new(username, ArtifactResource(repository, tag, digest), Artifact, Pull, false, at, projectId, $"pull refused by content trust: {reason}");

    public static AuditEvent ArtifactDeleted(string username, string repository, string digest, long? projectId, DateTimeOffset at) =>
        new(username, $"{repository}@{digest}", Artifact, Delete, true, at, projectId, $"delete artifact: {repository}@{digest}");

    public static AuditEvent TagDeleted(string username, string repository, string tag, long? projectId, DateTimeOffset at) =>
        new(username, $"{repository}:{tag}", Tag, Delete, true, at, projectId, $"delete tag: {repository}:{tag}");

    /// <summary>A refused password: the name tried and where from, never the password.</summary>
    public static AuditEvent LoginFailed(string username, IPAddress? clientAddress, DateTimeOffset at)
    {
        var from = clientAddress?.ToString() ?? "an unknown address";
        return new(username, username, User, Login, false, at, null, string.Create(CultureInfo.InvariantCulture, $"login failed from {from}"));
    }

    public static AuditEvent ProjectChanged(string username, string operation, string project, long projectId, DateTimeOffset at, string? detail = null) =>
        new(username, project, Project, operation, true, at, projectId, $"{operation} project: {project}{(detail is null ? string.Empty : " (" + detail + ")")}");

    /// <summary>
    /// A membership change: the resource is the member (user or group name), the project is where it changed,
    /// and the description carries the role, so a project's log answers "who gave whom which role".
    /// </summary>
    public static AuditEvent MemberChanged(string username, string operation, string project, long projectId, string member, string? role, DateTimeOffset at) =>
        new(username, member, Member, operation, true, at, projectId,
            $"{operation} member: {member} of project {project}{(role is null ? string.Empty : " as " + role)}");

    /// <summary>A robot account change; project robots belong to their project's log, system robots to none.</summary>
    public static AuditEvent RobotChanged(string username, string operation, string robotName, long? projectId, DateTimeOffset at, string? detail = null) =>
        new(username, robotName, Robot, operation, true, at, projectId, $"{operation} robot: {robotName}{(detail is null ? string.Empty : " (" + detail + ")")}");

    /// <summary>A user account change (create, delete, password, admin flag, profile); never the password itself.</summary>
    public static AuditEvent UserChanged(string username, string operation, string target, DateTimeOffset at, string? detail = null) =>
        new(username, target, User, operation, true, at, null, $"{operation} user: {target}{(detail is null ? string.Empty : " (" + detail + ")")}");

    /// <summary>A registry endpoint change (create, update, delete): its name and what changed, never its credential's secret.</summary>
    public static AuditEvent RegistryChanged(string username, string operation, string registry, DateTimeOffset at, string? detail = null) =>
        new(username, registry, Registry, operation, true, at, null, $"{operation} registry: {registry}{(detail is null ? string.Empty : " (" + detail + ")")}");
}
