namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// What matching needs of one OSV record: the advisory fields every finding repeats, and the affected packages.
/// Fields OSV defines but matching does not use (published, credits, GIT ranges, ...) are not kept.
/// </summary>
public sealed record OsvRecord(OsvAdvisory Advisory, bool Withdrawn, string? Modified, IReadOnlyList<OsvAffectedPackage> Affected)
{
    public string Id => Advisory.Id;
}

/// <summary>
/// The advisory part of a record. <see cref="Aliases"/> holds its <c>aliases</c> and <c>upstream</c> ids (without
/// its own id); <see cref="CvssVectors"/> the record-level CVSS v3.x/v4 vectors; <see cref="DatabaseSeverity"/>
/// the word in <c>database_specific.severity</c> (GitHub's CRITICAL/HIGH/MODERATE/LOW).
/// </summary>
public sealed record OsvAdvisory(
    string Id,
    string? Description,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Links,
    IReadOnlyList<string> CweIds,
    IReadOnlyList<string> CvssVectors,
    string? DatabaseSeverity);

/// <summary>
/// One <c>affected[]</c> entry that names a package. <see cref="Ecosystem"/> is the full string, release included
/// ("Debian:12"). <see cref="Urgency"/> is Debian's <c>ecosystem_specific.urgency</c>; <see cref="CvssVectors"/> and
/// <see cref="CweIds"/> are the entry's own (OSV 1.6 per-package severity, GitHub's per-package <c>cwes</c>).
/// </summary>
public sealed record OsvAffectedPackage(
    string Ecosystem,
    string Name,
    IReadOnlyList<OsvRange> Ranges,
    IReadOnlyList<string> Versions,
    string? Urgency,
    IReadOnlyList<string> CvssVectors,
    IReadOnlyList<string> CweIds);

/// <summary>A SEMVER or ECOSYSTEM range (GIT ranges are dropped when read), events as stored (unsorted).</summary>
public sealed record OsvRange(OsvRangeType Type, IReadOnlyList<OsvEvent> Events);

public enum OsvRangeType
{
    Semver,
    Ecosystem,
}

/// <summary>One range event: <c>introduced</c>, <c>fixed</c>, <c>last_affected</c> or <c>limit</c>.</summary>
public readonly record struct OsvEvent(OsvEventKind Kind, string Version);

public enum OsvEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}
