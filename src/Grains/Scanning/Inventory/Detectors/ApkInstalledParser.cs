namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Reads apk's database (<c>/lib/apk/db/installed</c>): blank-line separated records of one-letter fields;
/// P is the name, V the version and o the origin (the source package Alpine advisories name). Records without
/// a version are skipped.
/// </summary>
public static class ApkInstalledParser
{
    public static IReadOnlyList<InstalledPackage> Parse(string text)
    {
        var packages = new List<InstalledPackage>();
        string? name = null, version = null, origin = null;

        void Flush()
        {
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(version))
            {
                packages.Add(new InstalledPackage(DistroPlaceholders.Apk, name, version)
                {
                    SourceName = string.IsNullOrEmpty(origin) ? name : origin,
                    SourceVersion = version,
                });
            }

            name = version = origin = null;
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
                continue;
            var value = line[2..].Trim();
            switch (line[0])
            {
                case 'P':
                    name = value;
                    break;
                case 'V':
                    version = value;
                    break;
                case 'o':
                    origin = value;
                    break;
            }
        }

        Flush();
        return packages;
    }
}
