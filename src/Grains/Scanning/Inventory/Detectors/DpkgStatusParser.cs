namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Reads dpkg's status database (<c>/var/lib/dpkg/status</c>) and the per-package files of distroless images
/// (<c>/var/lib/dpkg/status.d/*</c>). A stanza counts when its Status says the package is installed; a stanza with
/// no Status field (distroless) counts too. <c>Source: name (version)</c> gives the source package, falling back to
/// the binary's own name and version.
/// </summary>
public static class DpkgStatusParser
{
    public static IReadOnlyList<InstalledPackage> Parse(string text)
    {
        var packages = new List<InstalledPackage>();
        foreach (var stanza in Stanzas(text))
        {
            stanza.TryGetValue("Package", out var name);
            stanza.TryGetValue("Version", out var version);
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
                continue;
            if (stanza.TryGetValue("Status", out var status) && !IsInstalled(status))
                continue;

            var (sourceName, sourceVersion) = (name, version);
            if (stanza.TryGetValue("Source", out var source) && source.Length > 0)
            {
                var open = source.IndexOf('(', StringComparison.Ordinal);
                if (open < 0)
                    sourceName = source.Trim();
                else
                {
                    sourceName = source[..open].Trim();
                    var close = source.IndexOf(')', open);
                    sourceVersion = (close < 0 ? source[(open + 1)..] : source[(open + 1)..close]).Trim();
                }
            }

            packages.Add(new InstalledPackage(DistroPlaceholders.Dpkg, name, version)
            {
                SourceName = sourceName,
                SourceVersion = sourceVersion,
            });
        }

        return packages;
    }

    /// <summary>"want flag status": installed when the status word is "installed" and the package is not being removed.</summary>
    public static bool IsInstalled(string status)
    {
        var words = status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && words[2] == "installed" && words[0] is not ("deinstall" or "purge");
    }

    private static IEnumerable<Dictionary<string, string>> Stanzas(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0)
                    yield return fields;
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                last = null;
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (last is not null && last is not ("Description" or "Conffiles"))
                    fields[last] += "\n" + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }

        if (fields.Count > 0)
            yield return fields;
    }
}
