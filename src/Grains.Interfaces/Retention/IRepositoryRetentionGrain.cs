namespace ArtifactKeeper.Retention;

/// <summary>
/// Retention evaluated where a repository's tags live: implemented by the repository grain (same key, the full
/// repository name), so a retention pass is serialized with pushes and deletes of that repository.
/// </summary>
[Alias("retention.repository")]
public interface IRepositoryRetentionGrain : IGrainWithStringKey
{
    /// <remarks>
    /// A real pass over a large repository deletes one tag per store write (about 10,000 tags in 13 s on SQLite), longer
    /// than the default call timeout, so this call waits up to 30 minutes.
    /// </remarks>
    [Alias("apply")]
    [ResponseTimeout("00:30:00")]
    Task<RetentionRepositoryResult> ApplyRetentionAsync(RetentionRepositoryRequest request);
}
