namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>Reads os-release (KEY=value lines, values optionally quoted) and the Alpine/Debian version files.</summary>
public static class OsReleaseParser
{
    public static IReadOnlyDictionary<string, string> ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                continue;
            fields[line[..eq].Trim()] = Unquote(line[(eq + 1)..].Trim());
        }

        return fields;
    }

    /// <summary>ID, VERSION_ID and PRETTY_NAME of an os-release file; null without an ID.</summary>
    public static OperatingSystemInfo? Parse(string text)
    {
        var fields = ParseFields(text);
        if (!fields.TryGetValue("ID", out var id) || id.Length == 0)
            return null;
        fields.TryGetValue("VERSION_ID", out var version);
        fields.TryGetValue("PRETTY_NAME", out var pretty);
        return new OperatingSystemInfo(id.ToLowerInvariant(), version ?? "", string.IsNullOrEmpty(pretty) ? null : pretty);
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            value = value[1..^1];
        return value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }
}

/// <summary>Picks the image's OS from the captured identification files, os-release first.</summary>
public static class OperatingSystemDetector
{
    public const string EtcOsRelease = "etc/os-release";
    public const string UsrLibOsRelease = "usr/lib/os-release";
    public const string AlpineRelease = "etc/alpine-release";
    public const string DebianVersion = "etc/debian_version";

    public static OperatingSystemInfo? Detect(Func<string, string?> readText)
    {
        foreach (var path in new[] { EtcOsRelease, UsrLibOsRelease })
        {
            if (readText(path) is { } text && OsReleaseParser.Parse(text) is { } os)
                return os;
        }

        if (readText(AlpineRelease) is { } alpine && alpine.Trim().Length > 0)
            return new OperatingSystemInfo("alpine", alpine.Trim(), null);
        if (readText(DebianVersion) is { } debian && debian.Trim().Length > 0)
        {
            var version = debian.Trim();
            // "12.11" names a stable point release; "trixie/sid" names testing, which has no numbered release yet.
            return new OperatingSystemInfo("debian", char.IsAsciiDigit(version[0]) ? version : "", null);
        }

        return null;
    }
}
