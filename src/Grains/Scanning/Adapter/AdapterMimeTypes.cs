namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>The media types of the adapter API: its own JSON bodies and the two vulnerability report types.</summary>
public static class AdapterMimeTypes
{
    public const string Metadata = "application/vnd.scanner.adapter.metadata+json; version=1.0";
    public const string ScanRequest = "application/vnd.scanner.adapter.scan.request+json; version=1.0";
    public const string ScanResponse = "application/vnd.scanner.adapter.scan.response+json; version=1.0";
    public const string Error = "application/vnd.scanner.adapter.error+json; version=1.0";

    /// <summary>The v1.1 report (items carry cwe_ids, preferred_cvss, vendor_attributes).</summary>
    public const string VulnerabilityReportV11 = "application/vnd.security.vulnerability.report; version=1.1";

    /// <summary>The original Harbor report type (v1.0 items).</summary>
    public const string HarborReportV10 = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";

    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>The report types this code reads and writes, preferred first.</summary>
    public static readonly IReadOnlyList<string> ReportTypes = [VulnerabilityReportV11, HarborReportV10];

    /// <summary>True when two media types name the same type and parameters, ignoring case and spaces.</summary>
    public static bool SameType(string? left, string? right) =>
        left is not null && right is not null && string.Equals(Normalize(left), Normalize(right), StringComparison.Ordinal);

    /// <summary>
    /// The report type an <c>Accept</c> header asks for: the first listed report type the header names, the v1.1
    /// type for a missing header or a wildcard, and null when it names only other types.
    /// </summary>
    public static string? ChooseReportType(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return VulnerabilityReportV11;
        }

        // Report types carry a "; version=" parameter, so a comma (not a semicolon) separates alternatives.
        foreach (var raw in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = StripQuality(raw);
            if (candidate is "*/*" or "application/*")
            {
                return VulnerabilityReportV11;
            }

            if (ReportTypes.FirstOrDefault(type => SameType(type, candidate)) is { } known)
            {
                return known;
            }
        }

        return null;
    }

    private static string StripQuality(string value)
    {
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => !part.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
        return string.Join("; ", parts);
    }

    private static string Normalize(string value) =>
        string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
}
