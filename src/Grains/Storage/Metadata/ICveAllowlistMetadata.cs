using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// CVE allowlists: one per scope, where scope 0 is the system list and any other scope is a project id. Each stored
/// list carries a version; writes name the version they expect, so concurrent writers (a project grain and a bulk
/// change) never lose each other's changes. A project's list goes with the project.
/// </summary>
public interface ICveAllowlistMetadata
{
    /// <summary>The stored list of <paramref name="scope"/>, or null when none was ever stored.</summary>
    Task<CveAllowlist?> GetCveAllowlistAsync(long scope, CancellationToken cancellationToken);

    /// <summary>
    /// Stores every write in one transaction, each with the next version, or none of them: VersionConflict when a
    /// stored version differs from the expected one (0: none stored yet), ProjectNotFound when a project scope has no
    /// project.
    /// </summary>
    Task<CveAllowlistSave> TrySaveCveAllowlistsAsync(IReadOnlyList<CveAllowlistWrite> writes, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A new content for the list of <see cref="Scope"/>, valid only while its stored version is <see cref="ExpectedVersion"/>.</summary>
public sealed record CveAllowlistWrite(long Scope, long ExpectedVersion, DateTimeOffset? ExpiresAt, IReadOnlyList<CveAllowlistItem> Items);

public enum CveAllowlistSaveOutcome
{
    Saved,
    VersionConflict,
    ProjectNotFound,
}

/// <summary>The outcome of a save and, when saved, the stored lists in the order of the writes.</summary>
public sealed record CveAllowlistSave(CveAllowlistSaveOutcome Outcome, IReadOnlyList<CveAllowlist> Lists, long? FailedScope = null);
