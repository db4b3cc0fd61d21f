using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Harbor's repository and artifact listings: paged, filtered and sorted in the store (indexed queries), never by
/// loading a repository grain's whole state. Writes still go through the repository grain; only the repository
/// description is written here, as it is no part of the grain's state.
/// </summary>
public interface IArtifactMetadata
{
    /// <summary>One page of repositories (filters on <see cref="RepositoryFields"/>) the query's visibility allows, and the total.</summary>
    Task<ListPage<RepositoryListing>> ListRepositoryPageAsync(RepositoryListQuery query, CancellationToken cancellationToken);

    /// <summary>The repository named <paramref name="name"/> (<c>project/repo</c>), or null.</summary>
    Task<RepositoryListing?> GetRepositoryListingAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets the description and update time; false when there is no such repository.</summary>
    Task<bool> UpdateRepositoryDescriptionAsync(string name, string description, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>One page of a repository's artifacts (filters on <see cref="ArtifactFields"/>), and the total.</summary>
    Task<ListPage<ArtifactRow>> ListArtifactsAsync(ArtifactListQuery query, CancellationToken cancellationToken);

    /// <summary>The artifact a digest or a tag names in <paramref name="repository"/>, or null.</summary>
    Task<ArtifactRow?> FindArtifactAsync(string repository, string reference, bool isDigest, CancellationToken cancellationToken);

    /// <summary>The stored artifacts among <paramref name="digests"/> (children of an index); missing ones are left out.</summary>
    Task<IReadOnlyList<ArtifactRow>> FindArtifactsAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken);

    /// <summary>
    /// Artifacts whose subject is <paramref name="subjectDigest"/>, plus those tagged with one of
    /// <paramref name="fallbackTags"/> (cosign's <c>sha256-&lt;hex&gt;.sig</c> scheme); oldest first.
    /// </summary>
    Task<IReadOnlyList<ArtifactRow>> ListAccessoryArtifactsAsync(
        string repository, string subjectDigest, IReadOnlyCollection<string> fallbackTags, CancellationToken cancellationToken);

    /// <summary>Every tag of the artifacts <paramref name="digests"/>, newest push first.</summary>
    Task<IReadOnlyList<ArtifactTagRow>> ListTagsOfAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken);

    /// <summary>One page of the tags of one artifact (filters and sorts on <see cref="TagFields"/>), and the total.</summary>
    Task<ListPage<ArtifactTagRow>> ListArtifactTagsAsync(string repository, string digest, ListQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the repository row when it holds no manifest any more; false when it does, or is unknown.</summary>
    Task<bool> DeleteRepositoryIfEmptyAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every manifest digest of the repository, indexes before their children.</summary>
    Task<IReadOnlyList<string>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken);
}

/// <summary>A repository as Harbor lists it.</summary>
public sealed record RepositoryListing(
    long RepositoryId, string Name, long ProjectId, string Description, long ArtifactCount, DateTimeOffset CreationTime, DateTimeOffset UpdateTime);

/// <summary>
/// A repository listing: filters and sorts, restricted to <paramref name="Project"/> when set, and to what
/// <paramref name="Visibility"/> allows.
/// </summary>
public sealed record RepositoryListQuery(ListQuery Query, string? Project, ProjectVisibility Visibility);

/// <summary>An artifact listing of one repository.</summary>
public sealed record ArtifactListQuery(string Repository, ListQuery Query);

/// <summary>A stored manifest with its Harbor ids. <see cref="Content"/> is at most 4 MiB.</summary>
public sealed record ArtifactRow(
    long ArtifactId,
    string Repository,
    long RepositoryId,
    string Digest,
    string MediaType,
    string? ArtifactType,
    long Size,
    string? Subject,
    byte[] Content,
    IReadOnlyDictionary<string, string>? Annotations,
    DateTimeOffset PushedAt);

/// <summary>A tag with its Harbor id.</summary>
public sealed record ArtifactTagRow(long TagId, string Name, string Digest, DateTimeOffset PushedAt);
