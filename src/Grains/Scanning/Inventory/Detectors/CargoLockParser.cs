namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Rust crates from Cargo.lock: every [[package]] with a source (a registry or git); the workspace's own crates
/// have none and are skipped.
/// </summary>
public static class CargoLockParser
{
    public static IReadOnlyList<InstalledPackage> Parse(string text)
    {
        var packages = new List<InstalledPackage>();
        string? name = null, version = null, source = null;
        var inPackage = false;

        void Flush()
        {
            if (inPackage && !string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(version) && !string.IsNullOrEmpty(source))
                packages.Add(new InstalledPackage(LanguageEcosystems.CratesIo, name, version));
            name = version = source = null;
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                Flush();
                inPackage = line == "[[package]]";
                continue;
            }

            if (!inPackage)
                continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                continue;
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
                continue;
            value = value[1..^1];
            switch (key)
            {
                case "name":
                    name = value;
                    break;
                case "version":
                    version = value;
                    break;
                case "source":
                    source = value;
                    break;
            }
        }

        Flush();
        return packages;
    }
}
