namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Many deletions of one repository in one transaction, for retention: what <see cref="IRepositoryMetadata.DeleteTagAsync"/>
/// and <see cref="IRepositoryMetadata.DeleteManifestAsync"/> do one at a time, written by the repository grain (the single
/// writer) before it changes its index.
/// </summary>
public interface IRepositoryBatchMetadata
{
    /// <summary>
    /// Deletes the tags named <paramref name="tags"/>, then every manifest in <paramref name="manifests"/> with its tags
    /// and references, all in one transaction. Names or digests the repository does not hold are ignored.
    /// </summary>
    Task DeleteTagsAndManifestsAsync(string repository, IReadOnlyCollection<string> tags, IReadOnlyCollection<string> manifests, CancellationToken cancellationToken);
}
