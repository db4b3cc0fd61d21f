using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Scanning.Allowlist;

/// <summary>
/// Whether a finding is acknowledged at a given time by the allowlist that applies to a project. An entry names a
/// CVE id and covers every finding whose id or aliases name it, ignoring case
/// (<see cref="VulnerabilityFinding.IsNamedBy"/>); it stops applying by itself once its own expiry or the list's
/// has passed (at the expiry instant it no longer applies).
/// <para>
/// Which list applies follows Harbor: a project whose <c>reuse_sys_cve_allowlist</c> is true — or absent, Harbor's
/// default — uses the system list <em>instead of</em> its own; with false, only its own list applies.
/// </para>
/// </summary>
public sealed class CveAllowlistRule(CveAllowlist list)
{
    public const string ReuseSystemKey = "reuse_sys_cve_allowlist";

    /// <summary>The list this rule reads (its scope and version identify it in caches).</summary>
    public CveAllowlist List { get; } = list ?? throw new ArgumentNullException(nameof(list));

    /// <summary>True when the project uses the system list (Harbor's <c>ReuseSysCVEAllowlist</c>: absent means true).</summary>
    public static bool ReusesSystemList(IReadOnlyDictionary<string, string> projectMetadata)
    {
        ArgumentNullException.ThrowIfNull(projectMetadata);
        return !projectMetadata.TryGetValue(ReuseSystemKey, out var value) ||
            (ProjectMetadataRules.TryParseBool(value, out var reuse) && reuse);
    }

    /// <summary>The rule that applies to a project with <paramref name="projectMetadata"/>.</summary>
    public static CveAllowlistRule For(IReadOnlyDictionary<string, string> projectMetadata, CveAllowlist projectList, CveAllowlist systemList) =>
        new(ReusesSystemList(projectMetadata) ? systemList : projectList);

    /// <summary>True when <paramref name="item"/> applies at <paramref name="at"/> (neither it nor the list expired).</summary>
    public bool Applies(CveAllowlistItem item, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !(at >= List.ExpiresAt) && !(at >= item.ExpiresAt);
    }

    /// <summary>The entry acknowledging <paramref name="finding"/> at <paramref name="at"/>, or null.</summary>
    public CveAllowlistItem? Acknowledging(VulnerabilityFinding finding, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return List.Items.FirstOrDefault(item => Applies(item, at) && finding.IsNamedBy(item.CveId));
    }

    public bool Acknowledges(VulnerabilityFinding finding, DateTimeOffset at) => Acknowledging(finding, at) is not null;

    /// <summary>
    /// The next instant after <paramref name="at"/> at which an entry (or the list) stops applying, or null when
    /// nothing in force expires: an answer computed at <paramref name="at"/> holds until then.
    /// </summary>
    public DateTimeOffset? NextExpiry(DateTimeOffset at)
    {
        if (List.ExpiresAt <= at)
        {
            return null;
        }

        var next = List.ExpiresAt;
        foreach (var item in List.Items)
        {
            if (item.ExpiresAt > at && (next is null || item.ExpiresAt < next))
            {
                next = item.ExpiresAt;
            }
        }

        return next;
    }
}
