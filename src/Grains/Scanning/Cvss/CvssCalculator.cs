namespace ArtifactKeeper.Scanning.Cvss;

/// <summary>
/// Base scores from CVSS vector strings as advisories carry them. v3.0 and v3.1 vectors are scored; a v4.0 vector
/// ("CVSS:4.0/...") is recognised but not scored here (its score comes from a lookup of macro vectors, not these
/// equations), and v2 or malformed vectors are refused. Nothing here throws on bad input.
/// </summary>
public static class CvssCalculator
{
    /// <summary>The base score of a v3.x vector; null for a v4.0, v2 or malformed vector.</summary>
    public static double? BaseScore(string? vector) =>
        CvssV3Vector.TryParse(vector, out var parsed) ? parsed!.BaseScore : null;

    /// <summary>The vector with its base score (null when it cannot be scored).</summary>
    public static CvssScore Score(string vector) => new(vector, BaseScore(vector));

    /// <summary>True for a "CVSS:4.0/..." vector, which this calculator does not score.</summary>
    public static bool IsVersion4(string? vector) =>
        vector is not null && vector.TrimStart().StartsWith("CVSS:4.0/", StringComparison.Ordinal);
}
