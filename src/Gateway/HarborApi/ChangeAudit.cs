using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Records changes made through the Harbor API (projects, members, robots, users) in the audit log, named by
/// the caller who made them. Only successful changes are recorded; refusals change nothing.
/// </summary>
public sealed class ChangeAudit(IAuditLog audit, TimeProvider clock)
{
    /// <summary>False when the audit log is off: skip lookups that only feed it.</summary>
    public bool IsEnabled => audit.IsEnabled;

    public void Project(RegistryCaller caller, string operation, string project, long projectId, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        audit.Record(AuditEvents.ProjectChanged(caller.DisplayName, operation, project, projectId, clock.GetUtcNow(), detail));
    }

    public void Member(RegistryCaller caller, string operation, string project, long projectId, string member, string? role)
    {
        ArgumentNullException.ThrowIfNull(caller);
        audit.Record(AuditEvents.MemberChanged(caller.DisplayName, operation, project, projectId, member, role, clock.GetUtcNow()));
    }

    public void Robot(RegistryCaller caller, string operation, string robotName, long? projectId, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        audit.Record(AuditEvents.RobotChanged(caller.DisplayName, operation, robotName, projectId, clock.GetUtcNow(), detail));
    }

    /// <summary>Registry endpoints are for system administrators, who may also be robots.</summary>
    public void Registry(RegistryCaller caller, string operation, string registry, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        audit.Record(AuditEvents.RegistryChanged(caller.DisplayName, operation, registry, clock.GetUtcNow(), detail));
    }

    /// <summary>User administration is for signed-in users only (robots are refused), so the actor is a username.</summary>
    public void User(string actor, string operation, string target, string? detail = null) =>
        audit.Record(AuditEvents.UserChanged(actor, operation, target, clock.GetUtcNow(), detail));
}
