namespace ArtifactKeeper.Scanning;

/// <summary>
/// A project's CVE allowlist, owned (stored and cached) by the project grain, keyed by project name. Writes are
/// serialized with the project's other changes; the list is a memory read once loaded.
/// </summary>
[Alias("projects.cve-allowlist")]
public interface IProjectCveAllowlistGrain : IGrainWithStringKey
{
    /// <summary>The project's list (version 0 and empty when never set), or null when the project does not exist.</summary>
    [Alias("get-cve-allowlist")]
    Task<CveAllowlist?> GetCveAllowlistAsync();

    /// <summary>Replaces the list (ProjectNotFound; BadRequest with the reason, nothing changed).</summary>
    [Alias("try-set-cve-allowlist")]
    Task<CveAllowlistResult> TrySetCveAllowlistAsync(CveAllowlistChange change);

    /// <summary>The list changed in the store through a bulk change: read it again.</summary>
    [Alias("reload-cve-allowlist")]
    Task ReloadCveAllowlistAsync();
}

/// <summary>The system CVE allowlist (<c>/system/CVEAllowlist</c>): one owner, key <see cref="CveAllowlist.SystemScope"/>.</summary>
[Alias("scanning.system-cve-allowlist")]
public interface ISystemCveAllowlistGrain : IGrainWithIntegerKey
{
    /// <summary>The system list (version 0 and empty when never set).</summary>
    [Alias("get")]
    Task<CveAllowlist> GetAsync();

    /// <summary>Replaces the list (BadRequest with the reason, nothing changed).</summary>
    [Alias("try-set")]
    Task<CveAllowlistResult> TrySetAsync(CveAllowlistChange change);
}

/// <summary>Adds entries to several projects' allowlists in one store transaction: every list changes or none does.</summary>
[Alias("scanning.cve-allowlist-bulk")]
public interface ICveAllowlistBulkGrain : IGrainWithIntegerKey
{
    /// <summary>ProjectNotFound naming the first missing project, BadRequest for bad entries, Conflict when lists kept changing.</summary>
    [Alias("try-add")]
    Task<CveAllowlistResult> TryAddAsync(CveAllowlistBulkAdd request);
}
