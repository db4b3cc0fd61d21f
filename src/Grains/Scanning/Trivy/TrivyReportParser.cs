using System.Text.Json;
using ArtifactKeeper.Scanning.Adapter;

namespace ArtifactKeeper.Scanning.Trivy;

/// <summary>
/// Reads Trivy's JSON report (SchemaVersion 2) into a <see cref="VulnerabilityReport"/>: one finding per
/// <c>Results[].Vulnerabilities[]</c> entry. Severity is Trivy's own word; the preferred CVSS is the severity
/// source's v3 entry, else NVD's, else Red Hat's; links are the primary URL then the references; the vendor ids
/// (DSA-…, GHSA-…) become aliases. Throws <see cref="ScanFailedException"/> for anything that is not such a report.
/// </summary>
public static class TrivyReportParser
{
    public static readonly ScannerIdentity DefaultIdentity = new("Trivy", "Aqua Security", "Unknown");

    private static readonly JsonSerializerOptions Json = new() { AllowTrailingCommas = true };

    public static VulnerabilityReport Parse(ReadOnlySpan<byte> json, string artifactDigest, string databaseVersion, DateTimeOffset now)
    {
        TrivyReport? report;
        try
        {
            report = JsonSerializer.Deserialize<TrivyReport>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ScanFailedException($"Trivy's output is not a JSON report: {e.Message}", e);
        }

        if (report is null || report.SchemaVersion != 2)
        {
            throw new ScanFailedException($"Trivy's report has SchemaVersion {report?.SchemaVersion}, expected 2");
        }

        var findings = (report.Results ?? [])
            .SelectMany(result => (result.Vulnerabilities ?? []).Select(v => (Result: result, Vulnerability: v)))
            .Where(pair => !string.IsNullOrEmpty(pair.Vulnerability.VulnerabilityId))
            .Select(pair => ToFinding(pair.Result, pair.Vulnerability))
            .ToList();
        var identity = DefaultIdentity with { Version = report.Trivy?.Version ?? DefaultIdentity.Version };
        return new VulnerabilityReport(artifactDigest, identity, databaseVersion, report.CreatedAt ?? now, findings);
    }

    private static VulnerabilityFinding ToFinding(TrivyResult result, TrivyVulnerability v) =>
        new(v.VulnerabilityId!, v.PkgName ?? string.Empty, v.InstalledVersion ?? string.Empty, Empty(v.FixedVersion), HarborSeverities.Parse(v.Severity))
        {
            Description = Empty(v.Description) ?? Empty(v.Title),
            Links = Links(v),
            Aliases = v.VendorIds ?? [],
            PreferredCvss = PreferredCvss(v),
            CweIds = v.CweIds ?? [],
            Ecosystem = Empty(result.Type),
            PackagePath = Empty(v.PkgPath),
            LayerDiffId = Empty(v.Layer?.DiffId),
            Purl = Empty(v.PkgIdentifier?.Purl),
        };

    private static List<string> Links(TrivyVulnerability v)
    {
        var links = new List<string>();
        if (!string.IsNullOrEmpty(v.PrimaryUrl))
        {
            links.Add(v.PrimaryUrl);
        }

        links.AddRange((v.References ?? []).Where(r => !string.IsNullOrEmpty(r) && !links.Contains(r, StringComparer.Ordinal)));
        return links;
    }

    private static CvssScore? PreferredCvss(TrivyVulnerability v)
    {
        if (v.Cvss is null || v.Cvss.Count == 0)
        {
            return null;
        }

        string?[] order = [v.SeveritySource, "nvd", "redhat"];
        foreach (var source in order)
        {
            if (source is not null && v.Cvss.TryGetValue(source, out var cvss) && !string.IsNullOrEmpty(cvss.V3Vector))
            {
                return new CvssScore(cvss.V3Vector, cvss.V3Score);
            }
        }

        var any = v.Cvss.Values.FirstOrDefault(c => !string.IsNullOrEmpty(c.V3Vector));
        return any is null ? null : new CvssScore(any.V3Vector!, any.V3Score);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
