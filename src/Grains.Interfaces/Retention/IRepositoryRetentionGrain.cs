namespace ArtifactKeeper.Retention;

/// <summary>
/// Retention evaluated where a repository's tags live: implemented by the repository grain (same key, the full
/// repository name), so every step of a pass is serialized with pushes and deletes of that repository. A pass is
/// planned in one call and carried out in steps of a bounded number of deletions, one call each, so pushes interleave
/// between steps; <see cref="RepositoryRetention.ApplyRetentionAsync"/> drives a pass to its end.
/// </summary>
[Alias("retention.repository")]
public interface IRepositoryRetentionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Plans a pass (a dry run is then done); a real pass holds its plan for <see cref="ContinueRetentionAsync"/>,
    /// replacing any pass left unfinished. Throws <see cref="ArgumentException"/> for an invalid rule, deleting nothing.
    /// </summary>
    /// <remarks>Planning reads every tag of the repository in this one call (about a second at 10,000 tags), so it may wait longer than the default timeout.</remarks>
    [Alias("begin")]
    [ResponseTimeout("00:10:00")]
    Task<RetentionStep> BeginRetentionAsync(RetentionRepositoryRequest request);

    /// <summary>
    /// Carries out the next deletions of the real pass of <paramref name="executionId"/>; throws
    /// <see cref="InvalidOperationException"/> when no such pass is under way here (replaced, or the grain was reloaded).
    /// </summary>
    [Alias("continue")]
    Task<RetentionStep> ContinueRetentionAsync(long executionId);

    /// <summary>
    /// Ends the real pass of <paramref name="executionId"/> between two steps, as a stopped execution does: what was
    /// deleted stays deleted, and the result reports every deletion not tried as skipped. Throws
    /// <see cref="InvalidOperationException"/> when no such pass is under way here.
    /// </summary>
    [Alias("stop")]
    Task<RetentionRepositoryResult> StopRetentionAsync(long executionId);
}
