using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>Records what the repository and artifact API changed, as Harbor's audit log names it.</summary>
public sealed class ArtifactAudit(IAuditLog audit, TimeProvider clock)
{
    public void ArtifactDeleted(RegistryCaller caller, string repository, string digest, long projectId) =>
        audit.Record(AuditEvents.ArtifactDeleted(caller.DisplayName, repository, digest, projectId, clock.GetUtcNow()));

    public void ArtifactCopied(RegistryCaller caller, string repository, string? tag, string digest, string from, long projectId) =>
        audit.Record(new AuditEvent(
            caller.DisplayName, AuditEvents.ArtifactResource(repository, tag, digest), AuditEvents.Artifact, AuditEvents.Create, true,
            clock.GetUtcNow(), projectId, $"copy artifact: {from} to {repository}@{digest}"));

    public void TagCreated(RegistryCaller caller, string repository, string tag, string digest, long projectId) =>
        audit.Record(new AuditEvent(
            caller.DisplayName, $"{repository}:{tag}", AuditEvents.Tag, AuditEvents.Create, true, clock.GetUtcNow(), projectId,
            $"create tag: {repository}:{tag} on {digest}"));

    public void TagDeleted(RegistryCaller caller, string repository, string tag, long projectId) =>
        audit.Record(AuditEvents.TagDeleted(caller.DisplayName, repository, tag, projectId, clock.GetUtcNow()));

    public void RepositoryDeleted(RegistryCaller caller, string repository, long projectId) =>
        audit.Record(new AuditEvent(
            caller.DisplayName, repository, AuditEvents.Repository, AuditEvents.Delete, true, clock.GetUtcNow(), projectId, $"delete repository: {repository}"));
}
