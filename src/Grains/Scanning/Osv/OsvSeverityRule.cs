using ArtifactKeeper.Scanning.Cvss;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// A finding's severity, in this order (EXPECTED.md §0, the research notes' rule):
/// <list type="number">
/// <item>the highest CVSS v3.x base score computed from the record's and the matched package's vectors (that vector
/// and score become the finding's preferred CVSS);</item>
/// <item>otherwise <c>database_specific.severity</c> (GitHub's words; MODERATE is Medium);</item>
/// <item>otherwise the matched entry's Debian urgency;</item>
/// <item>otherwise Unknown.</item>
/// </list>
/// This deliberately differs from Trivy, which prefers the distro's own rating for OS packages: a Debian record with
/// urgency "unimportant" and CVSS 9.8 is Critical here.
/// </summary>
public static class OsvSeverityRule
{
    public static (VulnerabilitySeverity Severity, CvssScore? Cvss) Resolve(OsvAdvisory advisory, OsvAffectedPackage package)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        ArgumentNullException.ThrowIfNull(package);
        var vectors = advisory.CvssVectors.Concat(package.CvssVectors).Distinct(StringComparer.Ordinal).ToList();
        CvssScore? best = null;
        foreach (var vector in vectors)
        {
            if (CvssCalculator.BaseScore(vector) is { } score && (best?.BaseScore is not { } bestScore || score > bestScore))
            {
                best = new CvssScore(vector, score);
            }
        }

        if (best?.BaseScore is { } baseScore)
        {
            return (SeverityMapping.FromScore(baseScore), best);
        }

        var unscored = vectors.Count > 0 ? new CvssScore(vectors[0], null) : null;
        if (FromWord(advisory.DatabaseSeverity) is { } fromDatabase)
        {
            return (fromDatabase, unscored);
        }

        if (FromWord(package.Urgency) is { } fromUrgency)
        {
            return (fromUrgency, unscored);
        }

        return (VulnerabilitySeverity.Unknown, unscored);
    }

    /// <summary>A rating word that says something ("not yet assigned" and UNKNOWN do not: the next source is asked).</summary>
    private static VulnerabilitySeverity? FromWord(string? word) =>
        SeverityMapping.FromDatabaseWord(word) is { } severity && severity != VulnerabilitySeverity.Unknown ? severity : null;
}
