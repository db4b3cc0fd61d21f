namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>Python distributions: the Name and Version headers of *.dist-info/METADATA and *.egg-info/PKG-INFO.</summary>
public static class PythonMetadataParser
{
    public static bool IsMetadataFile(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash < 0)
            return false;
        var folder = path[..slash];
        var name = path[(slash + 1)..];
        return (name == "METADATA" && folder.EndsWith(".dist-info", StringComparison.Ordinal))
               || (name == "PKG-INFO" && folder.EndsWith(".egg-info", StringComparison.Ordinal));
    }

    public static IReadOnlyList<InstalledPackage> Parse(string text)
    {
        string? name = null, version = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                break; // the headers end at the first blank line; the description follows
            if (name is null && line.StartsWith("Name:", StringComparison.OrdinalIgnoreCase))
                name = line[5..].Trim();
            else if (version is null && line.StartsWith("Version:", StringComparison.OrdinalIgnoreCase))
                version = line[8..].Trim();
        }

        return string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version)
            ? []
            : [new InstalledPackage(LanguageEcosystems.PyPI, name, version)];
    }
}
