using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Pull counts and pull times (Harbor's <c>pull_count</c>, <c>pull_time</c>) of artifacts and repositories. Gateways count
/// pulls in memory and add them here in batches, so a pull never waits on a database write.
/// </summary>
public interface IPullMetadata
{
    /// <summary>
    /// Adds every tally's count to its manifest (and the sum per repository to the repository) and moves each manifest's
    /// pull time forward to the tally's latest pull; manifests or repositories that no longer exist are skipped. One transaction.
    /// </summary>
    Task RecordPullsAsync(IReadOnlyList<PullTally> pulls, CancellationToken cancellationToken);

    /// <summary>Pull count and last pull time of the given manifests of <paramref name="repository"/>; digests not stored are absent.</summary>
    Task<IReadOnlyDictionary<string, ArtifactPulls>> GetArtifactPullsAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken);

    /// <summary>Pull count of each named repository (every pull of any of its artifacts); names not stored are absent.</summary>
    Task<IReadOnlyDictionary<string, long>> GetRepositoryPullCountsAsync(IReadOnlyCollection<string> repositories, CancellationToken cancellationToken);
}

/// <summary>Pulls of one manifest counted since the last flush, and the time of the latest.</summary>
public sealed record PullTally(string Repository, string Digest, long Count, DateTimeOffset LastPulled);

/// <summary>A manifest's pull count and last pull time (null until first pulled).</summary>
public sealed record ArtifactPulls(long PullCount, DateTimeOffset? PullTime);

/// <summary>Counts for Harbor's <c>GET /statistics</c> and the repository part of <c>GET /search</c>, answered by indexed queries.</summary>
public interface ISystemQueries
{
    /// <summary>
    /// Public projects and their repositories always; with <paramref name="totals"/> also every project, repository and the
    /// bytes of present blobs; with <paramref name="member"/> the private projects (and their repositories) it is a member of.
    /// </summary>
    Task<RegistryStatistics> GetStatisticsAsync(bool totals, ProjectMember? member, CancellationToken cancellationToken);

    /// <summary>
    /// Repositories whose name contains <paramref name="keyword"/> (case-insensitive) in projects <paramref name="visibility"/>
    /// allows, by name, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<RepositorySearchHit>> SearchRepositoriesAsync(string keyword, ProjectVisibility visibility, int limit, CancellationToken cancellationToken);
}

/// <summary>A user and its groups, whose project memberships count.</summary>
public sealed record ProjectMember(long UserId, IReadOnlyList<long> GroupIds);

/// <summary>What the statistics query counted; fields it was not asked for are zero.</summary>
public sealed record RegistryStatistics(
    long PublicProjects, long PublicRepositories, long MemberPrivateProjects, long MemberPrivateRepositories,
    long TotalProjects, long TotalRepositories, long TotalStorage);

/// <summary>One repository found by <see cref="ISystemQueries.SearchRepositoriesAsync"/>.</summary>
public sealed record RepositorySearchHit(
    string RepositoryName, long ProjectId, string ProjectName, bool ProjectPublic, long PullCount, long ArtifactCount);

/// <summary>System configuration values set through the API (Harbor's <c>PUT /configurations</c>), kept in the settings table.</summary>
public interface IConfigurationMetadata
{
    /// <summary>Every setting whose key starts with <paramref name="prefix"/>.</summary>
    Task<IReadOnlyDictionary<string, string>> ListSettingsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces every given setting in one transaction.</summary>
    Task PutSettingsAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken);
}
