namespace ArtifactKeeper.Retention;

/// <summary>
/// Retention evaluated where a repository's tags live: implemented by the repository grain (same key, the full
/// repository name), so a retention pass is serialized with pushes and deletes of that repository.
/// </summary>
[Alias("retention.repository")]
public interface IRepositoryRetentionGrain : IGrainWithStringKey
{
    [Alias("apply")]
    Task<RetentionRepositoryResult> ApplyRetentionAsync(RetentionRepositoryRequest request);
}
