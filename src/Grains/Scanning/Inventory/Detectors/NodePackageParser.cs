using System.Text.Json;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// npm packages: the package.json at each package root under node_modules (nested ones included), and
/// package-lock.json in its three versions (v1 "dependencies" trees, v2/v3 "packages" keyed by install path).
/// </summary>
public static class NodePackageParser
{
    /// <summary>True for node_modules/&lt;name&gt;/package.json and node_modules/@scope/&lt;name&gt;/package.json.</summary>
    public static bool IsPackageRoot(string path)
    {
        var parts = path.Split('/');
        if (parts.Length < 3 || parts[^1] != "package.json")
            return false;
        if (parts[^3] == "node_modules")
            return !parts[^2].StartsWith('.') && !parts[^2].StartsWith('@');
        return parts.Length >= 4 && parts[^4] == "node_modules" && parts[^3].StartsWith('@') && !parts[^2].StartsWith('.');
    }

    public static bool IsLockFile(string path)
        => LayerFileName(path) == "package-lock.json" && !path.Contains("node_modules/", StringComparison.Ordinal);

    public static IReadOnlyList<InstalledPackage> ParsePackageJson(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), JsonOptions);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || Text(root, "name") is not { Length: > 0 } name
            || Text(root, "version") is not { Length: > 0 } version)
            return [];
        return [new InstalledPackage(LanguageEcosystems.Npm, name, version)];
    }

    /// <summary>Packages of a lockfile, development-only ones left out; links and the root project are skipped.</summary>
    public static IReadOnlyList<InstalledPackage> ParseLockFile(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), JsonOptions);
        var root = document.RootElement;
        var packages = new List<InstalledPackage>();
        if (root.TryGetProperty("packages", out var installed) && installed.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in installed.EnumerateObject())
            {
                var key = entry.Name;
                var at = key.LastIndexOf("node_modules/", StringComparison.Ordinal);
                if (at < 0 || entry.Value.ValueKind != JsonValueKind.Object || IsTrue(entry.Value, "link") || IsTrue(entry.Value, "dev"))
                    continue;
                var name = Text(entry.Value, "name") ?? key[(at + "node_modules/".Length)..];
                if (Text(entry.Value, "version") is { Length: > 0 } version)
                    packages.Add(new InstalledPackage(LanguageEcosystems.Npm, name, version));
            }

            return packages;
        }

        if (root.TryGetProperty("dependencies", out var dependencies))
            AddV1(dependencies, "", packages);
        return packages;
    }

    private static void AddV1(JsonElement dependencies, string prefix, List<InstalledPackage> packages)
    {
        if (dependencies.ValueKind != JsonValueKind.Object)
            return;
        foreach (var dependency in dependencies.EnumerateObject())
        {
            if (dependency.Value.ValueKind != JsonValueKind.Object)
                continue;
            var path = prefix + "node_modules/" + dependency.Name;
            var version = Text(dependency.Value, "version");
            if (!IsTrue(dependency.Value, "dev") && version is { Length: > 0 }
                && !version.StartsWith("file:", StringComparison.Ordinal) && !version.StartsWith("link:", StringComparison.Ordinal))
                packages.Add(new InstalledPackage(LanguageEcosystems.Npm, dependency.Name, version));
            if (dependency.Value.TryGetProperty("dependencies", out var nested))
                AddV1(nested, path + "/", packages);
        }
    }

    internal static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    internal static string? Text(JsonElement element, string property)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool IsTrue(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    private static string LayerFileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
