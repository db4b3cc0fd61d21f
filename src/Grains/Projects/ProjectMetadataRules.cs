using System.Globalization;

namespace ArtifactKeeper.Projects;

/// <summary>
/// Harbor's project metadata keys and their value rules: booleans (Go's strconv.ParseBool spellings,
/// stored as "true"/"false"), a CVSS v3 severity (stored lowercase), two int32 proxy settings.
/// Any other key is refused, as Harbor's metadata API answers "invalid key".
/// </summary>
public static class ProjectMetadataRules
{
    public const string Severity = "severity";
    public const string ProxySpeedKb = "proxy_speed_kb";
    public const string MaxUpstreamConn = "max_upstream_conn";
    public const string RetentionId = "retention_id";

    public static readonly IReadOnlySet<string> BooleanKeys = new HashSet<string>(
        [
            ProjectMetadata.Public, "enable_content_trust", "enable_content_trust_cosign", "auto_scan",
            "auto_sbom_generation", "prevent_vul", "reuse_sys_cve_allowlist",
        ],
        StringComparer.Ordinal);

    /// <summary>Severities a "prevent_vul" threshold may name (Harbor's CVSS v3 scale, "unknown" excluded).</summary>
    public static readonly IReadOnlyList<string> Severities = ["none", "negligible", "low", "medium", "high", "critical"];

    public static bool IsKnown(string key) =>
        BooleanKeys.Contains(key) || key is Severity or ProxySpeedKb or MaxUpstreamConn;

    /// <summary>The stored form of <paramref name="value"/> for <paramref name="key"/>, or an error message.</summary>
    public static bool TryNormalize(string key, string value, out string normalized, out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        normalized = value;
        error = null;
        if (BooleanKeys.Contains(key))
        {
            if (TryParseBool(value, out var flag))
            {
                normalized = flag ? "true" : "false";
                return true;
            }
        }
        else if (key == Severity)
        {
            var lower = value.ToLowerInvariant();
            if (Severities.Contains(lower))
            {
                normalized = lower;
                return true;
            }
        }
        else if (key is ProxySpeedKb or MaxUpstreamConn)
        {
            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) &&
                (key == ProxySpeedKb || number > 0 || number == -1))
            {
                normalized = number.ToString(CultureInfo.InvariantCulture);
                return true;
            }
        }
        else
        {
            error = $"invalid key: {key}";
            return false;
        }

        error = $"invalid value for {key}: {value}";
        return false;
    }

    /// <summary>Normalizes every pair; the first bad key or value is the error.</summary>
    public static bool TryNormalize(
        IReadOnlyDictionary<string, string> values, out Dictionary<string, string> normalized, out string? error)
    {
        ArgumentNullException.ThrowIfNull(values);
        normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (!TryNormalize(key, value, out var stored, out error))
            {
                return false;
            }

            normalized[key] = stored;
        }

        error = null;
        return true;
    }

    /// <summary>Go's strconv.ParseBool, which Harbor uses for boolean metadata.</summary>
    public static bool TryParseBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }
}
