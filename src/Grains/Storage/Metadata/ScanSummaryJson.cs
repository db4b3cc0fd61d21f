using System.Text.Json;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>The per-severity counts of a scan as stored: a JSON object from severity name to count.</summary>
internal static class ScanSummaryJson
{
    public static string Write(IReadOnlyDictionary<VulnerabilitySeverity, int> counts) =>
        JsonSerializer.Serialize(counts.ToDictionary(c => c.Key.ToString(), c => c.Value, StringComparer.Ordinal));

    public static Dictionary<VulnerabilitySeverity, int> Read(string json)
    {
        var raw = JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
        var result = new Dictionary<VulnerabilitySeverity, int>();
        foreach (var (name, count) in raw)
        {
            if (Enum.TryParse<VulnerabilitySeverity>(name, out var severity))
            {
                result[severity] = count;
            }
        }

        return result;
    }

    public static ScanStatus Status(string value) => Enum.TryParse<ScanStatus>(value, out var status) ? status : ScanStatus.Error;
}
