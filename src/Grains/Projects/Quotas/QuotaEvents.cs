using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Projects.Quotas;

/// <summary>
/// The quota events as audit records (resource type <c>quota</c>): Harbor's QUOTA_WARNING and QUOTA_EXCEED,
/// recorded in the project's log so later features (webhooks) can pick them up.
/// </summary>
public static class QuotaEvents
{
    public const string ResourceType = "quota", Warning = "warning", Exceed = "exceed";

    /// <summary>Who the records name: the registry itself (Harbor leaves the operator of quota events empty).</summary>
    public const string Operator = "system";

    public static AuditEvent Warned(string project, long projectId, string detail, DateTimeOffset at) =>
        new(Operator, project, ResourceType, Warning, true, at, projectId, detail);

    /// <summary>A refused push: the content (<c>repository@digest</c>) that did not fit.</summary>
    public static AuditEvent Exceeded(string repository, string digest, long projectId, string detail, DateTimeOffset at) =>
        new(Operator, $"{repository}@{digest}", ResourceType, Exceed, false, at, projectId, detail);
}
