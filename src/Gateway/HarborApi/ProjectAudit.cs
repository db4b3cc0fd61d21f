using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.HarborApi;

/// <summary>Records project changes made through the Harbor API in the audit log.</summary>
public sealed class ProjectAudit(IAuditLog audit, TimeProvider clock)
{
    public void Record(RegistryCaller caller, string operation, string project, long projectId, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        audit.Record(AuditEvents.ProjectChanged(caller.DisplayName, operation, project, projectId, clock.GetUtcNow(), detail));
    }
}
