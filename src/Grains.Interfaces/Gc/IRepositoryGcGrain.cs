namespace ArtifactKeeper.Gc;

/// <summary>
/// The collector's view of one repository, implemented by the repository grain (same key, the full repository name)
/// so that every GC change to a repository is serialized with its manifest pushes: a link the GC removes can never be
/// one a manifest being pushed has just been checked against.
/// </summary>
[Alias("gc.repository")]
public interface IRepositoryGcGrain : IGrainWithStringKey
{
    /// <summary>
    /// Deletes (or, on a dry run, lists) the manifests no tag reaches, directly or through an index, a subject or a
    /// referrer, and that were pushed more than <paramref name="window"/> ago; unlinks the blobs only they referenced.
    /// </summary>
    [Alias("delete-untagged")]
    Task<UntaggedCollection> DeleteUntaggedAsync(TimeSpan window, bool dryRun);

    /// <summary>
    /// Of <paramref name="digests"/> (blobs linked here that the GC found unreferenced), unlinks (or, on a dry run,
    /// lists) those no manifest here references and whose blob was not touched within <paramref name="window"/>.
    /// </summary>
    [Alias("prune-links")]
    Task<IReadOnlyList<string>> PruneBlobLinksAsync(IReadOnlyList<string> digests, TimeSpan window, bool dryRun);
}

/// <summary>What <see cref="IRepositoryGcGrain.DeleteUntaggedAsync"/> removed: manifests with their sizes, and blob links.</summary>
[GenerateSerializer, Immutable]
public sealed record UntaggedCollection(IReadOnlyList<CollectedManifest> Manifests, IReadOnlyList<string> UnlinkedBlobs)
{
    public static UntaggedCollection Empty { get; } = new([], []);
}

/// <summary>One manifest GC removed.</summary>
[GenerateSerializer, Immutable]
public sealed record CollectedManifest(string Digest, long Size);
