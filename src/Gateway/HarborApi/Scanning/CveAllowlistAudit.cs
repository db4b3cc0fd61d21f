using System.Globalization;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// Records every CVE allowlist change in the audit log: resource type <c>cve_allowlist</c>, the resource is the
/// project's name (or <c>system</c>), and the description lists the CVE ids now in the list.
/// </summary>
public sealed class CveAllowlistAudit(IAuditLog audit, TimeProvider clock)
{
    public const string ResourceType = "cve_allowlist";
    public const string SystemResource = "system";

    public void Changed(RegistryCaller caller, string? project, CveAllowlist list, string how)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(list);
        var ids = string.Join(", ", list.Items.Take(20).Select(item => item.CveId)) + (list.Items.Count > 20 ? ", …" : string.Empty);
        var scope = project is null ? "the system CVE allowlist" : $"the CVE allowlist of project {project}";
        var description = string.Create(CultureInfo.InvariantCulture, $"{how} {scope}: {list.Items.Count} entries ({ids}), version {list.Version}");
        audit.Record(new AuditEvent(
            caller.DisplayName, project ?? SystemResource, ResourceType, AuditEvents.Update, true, clock.GetUtcNow(), project is null ? null : list.ProjectId, description));
    }
}
