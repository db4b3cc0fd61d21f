namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// NuGet's ordering (<c>NuGet.Versioning</c>, <c>VersionComparer.Default</c>): one to four numeric parts (missing
/// parts are 0, so "1.0" = "1.0.0.0"; each a non-negative 32-bit number, leading zeros allowed), then a release
/// above any pre-release, then the '.'-separated pre-release labels left to right: numeric labels by value and
/// below alphanumeric ones, alphanumeric labels case-insensitively, a shorter list first. Build metadata after '+'
/// is checked for syntax and otherwise ignored.
/// </summary>
public sealed class NuGetVersionOrdering : ParsedVersionOrdering<NuGetVersionOrdering.Version>
{
    public static readonly NuGetVersionOrdering Instance = new();

    public override string Scheme => "nuget";

    /// <summary>A parsed version: four numbers and the pre-release labels (empty for a release).</summary>
    public sealed record Version(IReadOnlyList<int> Numbers, IReadOnlyList<string> Labels);

    protected override Version? Parse(string version)
    {
        var text = version.Trim();
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!VersionText.AreLabels(text[(plus + 1)..].Split('.')))
                return null;
            text = text[..plus];
        }

        string[] labels = [];
        var hyphen = text.IndexOf('-', StringComparison.Ordinal);
        if (hyphen >= 0)
        {
            labels = text[(hyphen + 1)..].Split('.');
            if (!VersionText.AreLabels(labels))
                return null;
            text = text[..hyphen];
        }

        var parts = text.Split('.');
        if (parts.Length > 4)
            return null;
        var numbers = new int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!VersionText.IsAllDigits(parts[i]) ||
                !int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
                return null;
        }

        return new Version(numbers, labels);
    }

    protected override int CompareParsed(Version a, Version b)
    {
        for (var i = 0; i < 4; i++)
        {
            if (a.Numbers[i] != b.Numbers[i])
                return a.Numbers[i].CompareTo(b.Numbers[i]);
        }

        return VersionText.ComparePreRelease(a.Labels, b.Labels, StringComparer.OrdinalIgnoreCase);
    }
}
