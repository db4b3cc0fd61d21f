using System.Text;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

/// <summary>Small OSV records written inline, so the matcher's rules are tested without ../shared.</summary>
internal static class OsvTestRecords
{
    /// <summary>A record; <paramref name="fields"/> is extra top-level JSON members, each followed by a comma.</summary>
    public static string Record(string id, string fields = "", params string[] affected) =>
        $$"""{"id":"{{id}}",{{fields}}"modified":"2024-01-01T00:00:00Z","affected":[{{string.Join(",", affected)}}]}""";

    /// <summary>An affected entry; <paramref name="ranges"/> from <see cref="Range"/>, <paramref name="versions"/> listed.</summary>
    public static string Affected(string ecosystem, string name, string[]? ranges = null, string[]? versions = null, string extra = "") =>
        $$"""{"package":{"ecosystem":"{{ecosystem}}","name":"{{name}}"},"ranges":[{{string.Join(",", ranges ?? [])}}],"versions":[{{string.Join(",", (versions ?? []).Select(v => $"\"{v}\""))}}]{{extra}}}""";

    /// <summary>A range: events as "introduced:0", "fixed:1.2.3", "last_affected:...", "limit:...".</summary>
    public static string Range(string type, params string[] events) =>
        $$"""{"type":"{{type}}","events":[{{string.Join(",", events.Select(Event))}}]}""";

    public static OsvDatabase Database(params string[] records)
    {
        var builder = new OsvDatabaseBuilder();
        foreach (var record in records)
        {
            builder.Add(Encoding.UTF8.GetBytes(record), "inline");
        }

        return builder.Build();
    }

    public static PackageInventory Inventory(params InstalledPackage[] packages) => new(null, packages);

    private static string Event(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return $$"""{"{{spec[..colon]}}":"{{spec[(colon + 1)..]}}"}""";
    }
}
