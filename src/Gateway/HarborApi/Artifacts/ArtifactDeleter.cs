using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Replication.Gateway;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Deletes artifacts the way a manifest DELETE does, through the repository grain (tags go with the manifest), so
/// GC sees the blob references drop. An artifact's accessories go with it, as in Harbor.
/// </summary>
public sealed class ArtifactDeleter(GrainReferences grains, IArtifactMetadata store, ArtifactAudit audit, ReplicationEventTrigger replication)
{
    /// <summary>
    /// Deletes the artifact and its accessories; the grain's refusal (gone already, or protected by an immutable tag,
    /// with the rule named) when it did not.
    /// </summary>
    public async Task<RepositoryChangeResult> DeleteArtifactAsync(ScopedRepository scope, ArtifactRow artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(artifact);
        var accessories = await SubjectAccessories.ListDigestsAsync(store, scope.Name, artifact.Digest, cancellationToken);
        var repository = grains.Repository(scope.Name);
        var deletion = await replication.CaptureDeletionAsync(scope.Name, artifact.Digest, cancellationToken);
        var deleted = await repository.TryDeleteManifestAsync(artifact.Digest);
        if (!deleted.Succeeded)
        {
            return deleted;
        }

        replication.Deleted(deletion);

        audit.ArtifactDeleted(scope.Project.Caller, scope.Name, artifact.Digest, scope.Project.Project!.ProjectId);
        foreach (var accessory in accessories)
        {
            if ((await repository.TryDeleteManifestAsync(accessory)).Succeeded)
            {
                audit.ArtifactDeleted(scope.Project.Caller, scope.Name, accessory, scope.Project.Project!.ProjectId);
            }
        }

        return deleted;
    }

    /// <summary>Deletes every artifact of the repository, then the repository itself when nothing was pushed meanwhile.</summary>
    public async Task DeleteRepositoryAsync(ScopedRepository scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var repository = grains.Repository(scope.Name);
        foreach (var digest in await store.ListManifestDigestsAsync(scope.Name, cancellationToken))
        {
            var deletion = await replication.CaptureDeletionAsync(scope.Name, digest, cancellationToken);
            if ((await repository.TryDeleteManifestAsync(digest)).Succeeded)
            {
                replication.Deleted(deletion);
                audit.ArtifactDeleted(scope.Project.Caller, scope.Name, digest, scope.Project.Project!.ProjectId);
            }
        }

        await store.DeleteRepositoryIfEmptyAsync(scope.Name, cancellationToken);
    }
}
