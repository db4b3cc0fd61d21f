namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// What retention reads of a repository beside its grain's index, in one read: retention evaluates every artifact of
/// the repository, so three range scans over the repository's rows serve it, where per-digest lookups in batches cost
/// a query per batch per kind.
/// </summary>
public interface IRetentionFactsMetadata
{
    /// <summary>Every tag of <paramref name="repository"/>, the last pull time of its pulled manifests, and the label names of its labelled manifests.</summary>
    Task<RetentionFacts> ReadRetentionFactsAsync(string repository, CancellationToken cancellationToken);
}

/// <summary>
/// One repository's tags (any order), last pull time by manifest digest (manifests never pulled absent) and label
/// names by manifest digest (manifests without labels absent).
/// </summary>
public sealed record RetentionFacts(
    IReadOnlyList<ArtifactTagRow> Tags,
    IReadOnlyDictionary<string, DateTimeOffset> PullTimes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Labels);
