namespace ArtifactKeeper.Retention;

/// <summary>
/// Retention for one format category in one repository: list the candidates, say which are protected, delete what
/// the plan removes, and name the rule templates that make sense for the format. <see cref="RetentionRunner"/> does
/// the rest (validation, rule evaluation by <see cref="RetentionPlanner"/>, dry runs, logging), the same for every
/// format, so a format plugs in by writing one adapter.
/// <para>How each category maps onto <see cref="RetentionCandidate"/>:</para>
/// <list type="bullet">
/// <item><b>Tag-based (OCI images, Helm charts over OCI)</b> — implemented by <c>Oci.OciRetentionAdapter</c>: one
/// candidate per tag (Digest = the manifest it points at, PushedAt = the tag's push time) plus one per untagged
/// top-level manifest; signatures, SBOMs and index children carry Anchors (untagged ones are Dependent); immutable tags
/// are protected. Deleting a tag removes the tag only; an artifact goes when none of its tags is kept.</item>
/// <item><b>Floating tags over versions (npm dist-tags)</b>: one candidate per version (Tag = the version, Digest =
/// the tarball's integrity); dist-tags are never candidates, and a version a dist-tag points at gets a protection
/// naming the dist-tag, so the Skipped action is the warning that retention would have orphaned it.</item>
/// <item><b>Immutable versions (Maven releases, PyPI, NuGet, Cargo, Go modules, RubyGems)</b>: one candidate per
/// version with its files as one artifact (Digest = a stable version id); yanked or depended-upon versions can be
/// protected; all templates apply.</item>
/// <item><b>Development builds (Maven SNAPSHOT, prereleases)</b>: one candidate per timestamped build, Group = the base
/// version (<c>1.2-SNAPSHOT</c>), so <c>latestPushedK</c> keeps the latest K builds of each snapshot; prereleases carry
/// a synthetic label (e.g. <c>prerelease</c>) so label selectors pick them.</item>
/// <item><b>Multi-architecture system packages (Debian, RPM, Alpine)</b>: one candidate per package file, Tag = the
/// version, Group = <c>package/architecture</c>, so count rules keep N per architecture; a version still listed in a
/// published index can be protected.</item>
/// <item><b>Generic paths</b>: one candidate per file, Tag = the path (doublestar's <c>**</c> crosses
/// <c>/</c>), PushedAt = upload time; the day templates give "path pattern + age".</item>
/// </list>
/// </summary>
public interface IRetentionAdapter
{
    /// <summary>The format category, for logs (<c>oci</c>, <c>npm</c>, ...).</summary>
    string Format { get; }

    /// <summary>The rule templates this format supports; a rule with another template is refused before anything is deleted.</summary>
    IReadOnlySet<string> SupportedTemplates { get; }

    /// <summary>Every candidate of the repository, read once (one query per kind of data, never one per tag).</summary>
    Task<IReadOnlyList<RetentionCandidate>> ListCandidatesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// "Is protected", asked once for all candidates: the keys of those that must never be deleted, each with the
    /// reason. Protections that depend on what else survives are expressed by <see cref="RetentionCandidate.Anchors"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> FindProtectedAsync(IReadOnlyList<RetentionCandidate> candidates, CancellationToken cancellationToken);

    /// <summary>
    /// Performs deletions of the plan that do not depend on one another (a wave, or part of one) together: for each, in
    /// order, null when done, else why not (the action is then reported as skipped). The runner hands over a deletion
    /// only after the artifacts it is anchored to are gone, one batch at a time.
    /// </summary>
    Task<IReadOnlyList<string?>> DeleteManyAsync(IReadOnlyList<RetentionDeletion> deletions, CancellationToken cancellationToken);
}
