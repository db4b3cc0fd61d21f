namespace ArtifactKeeper.Scanning;

/// <summary>
/// One acknowledged CVE: Harbor's <c>{cve_id}</c> extended with why it is acceptable, until when, and who said so when
/// (stamped by the server). An entry covers every finding whose id or aliases name <see cref="CveId"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CveAllowlistItem(
    string CveId,
    string? Justification,
    DateTimeOffset? ExpiresAt,
    string? CreatedBy,
    DateTimeOffset? CreatedAt);

/// <summary>
/// A CVE allowlist in Harbor's shape: the system's (<see cref="ProjectId"/> 0) or one project's. <see cref="ExpiresAt"/>
/// null means the list never expires. <see cref="Version"/> counts stored changes (0: never stored, so empty); it is
/// what verdict caches key on. <see cref="Id"/> is the stored row's id (0 when never stored).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CveAllowlist(
    long Id,
    long ProjectId,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<CveAllowlistItem> Items,
    long Version,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime)
{
    /// <summary>The scope of the system list.</summary>
    public const long SystemScope = 0;

    /// <summary>An allowlist that was never stored.</summary>
    public static CveAllowlist Empty(long projectId, DateTimeOffset creationTime) =>
        new(0, projectId, null, [], 0, creationTime, creationTime);
}

/// <summary>An entry as a caller sends it (creator and time are the server's to record).</summary>
[GenerateSerializer, Immutable]
public sealed record CveAllowlistEntry(
    string CveId,
    string? Justification,
    DateTimeOffset? ExpiresAt);

/// <summary>Replace a whole allowlist (Harbor's PUT): the list's expiry and its entries, by <see cref="Actor"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record CveAllowlistChange(
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<CveAllowlistEntry> Items,
    string Actor);

/// <summary>Add entries to several projects' allowlists at once, all or nothing (an entry for a listed CVE replaces it).</summary>
[GenerateSerializer, Immutable]
public sealed record CveAllowlistBulkAdd(
    IReadOnlyList<string> Projects,
    IReadOnlyList<CveAllowlistEntry> Items,
    string Actor);

/// <summary>Outcome of an allowlist change: the stored list(s), or why nothing changed.</summary>
[GenerateSerializer, Immutable]
public sealed record CveAllowlistResult(
    ArtifactKeeper.Registry.RegistryError Error,
    string? Message,
    IReadOnlyList<CveAllowlist> Lists)
{
    public bool Succeeded => Error == ArtifactKeeper.Registry.RegistryError.None;
}
