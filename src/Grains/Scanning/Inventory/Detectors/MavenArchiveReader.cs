using System.IO.Compression;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Maven artifacts inside Java archives (jar, war, ear): every META-INF/maven/**/pom.properties (groupId,
/// artifactId, version), also in archives nested inside the archive (BOOT-INF/lib, WEB-INF/lib), a few levels
/// deep and each within a size cap. <see cref="InstalledPackage.FilePath"/> is the path inside the archive,
/// "!/"-separated per level ("!/BOOT-INF/lib/x.jar!/META-INF/maven/g/a/pom.properties").
/// </summary>
public static class MavenArchiveReader
{
    private const int MaxDepth = 4;
    private const long MaxNestedBytes = 64L * 1024 * 1024;
    private const long MaxPropertiesBytes = 64 * 1024;

    public static bool IsArchive(string path)
        => path.EndsWith(".jar", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".war", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".ear", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a seekable archive stream.</summary>
    public static IReadOnlyList<InstalledPackage> Read(Stream archive)
    {
        var packages = new List<InstalledPackage>();
        Read(archive, "", 1, packages);
        return packages;
    }

    private static void Read(Stream archive, string prefix, int depth, List<InstalledPackage> packages)
    {
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (name.EndsWith("/pom.properties", StringComparison.Ordinal)
                && name.StartsWith("META-INF/maven/", StringComparison.Ordinal)
                && entry.Length <= MaxPropertiesBytes)
            {
                using var reader = new StreamReader(entry.Open());
                if (ParseProperties(reader.ReadToEnd()) is { } package)
                    packages.Add(package with { FilePath = prefix + "!/" + name });
            }
            else if (depth < MaxDepth && IsArchive(name) && entry.Length <= MaxNestedBytes)
            {
                using var nested = new MemoryStream((int)entry.Length);
                using (var source = entry.Open())
                    source.CopyTo(nested);
                nested.Position = 0;
                try
                {
                    Read(nested, prefix + "!/" + name, depth + 1, packages);
                }
                catch (InvalidDataException)
                {
                    // A nested file named .jar that is no zip holds no Maven metadata.
                }
            }
        }
    }

    /// <summary>"groupId:artifactId" at "version" from a pom.properties file.</summary>
    public static InstalledPackage? ParseProperties(string text)
    {
        string? group = null, artifact = null, version = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
                continue;
            var eq = line.IndexOfAny(['=', ':']);
            if (eq <= 0)
                continue;
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            switch (key)
            {
                case "groupId":
                    group = value;
                    break;
                case "artifactId":
                    artifact = value;
                    break;
                case "version":
                    version = value;
                    break;
            }
        }

        return string.IsNullOrEmpty(group) || string.IsNullOrEmpty(artifact) || string.IsNullOrEmpty(version)
            ? null
            : new InstalledPackage(LanguageEcosystems.Maven, $"{group}:{artifact}", version);
    }
}
