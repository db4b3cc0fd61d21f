using System.Text.Json;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>.NET dependencies from *.deps.json: the "libraries" entries of type "package" ("Name/Version" keys).</summary>
public static class DepsJsonParser
{
    public static IReadOnlyList<InstalledPackage> Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), NodePackageParser.JsonOptions);
        if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
            return [];
        var packages = new List<InstalledPackage>();
        foreach (var library in libraries.EnumerateObject())
        {
            if (NodePackageParser.Text(library.Value, "type") != "package")
                continue;
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == library.Name.Length - 1)
                continue;
            packages.Add(new InstalledPackage(LanguageEcosystems.NuGet, library.Name[..slash], library.Name[(slash + 1)..]));
        }

        return packages;
    }
}
