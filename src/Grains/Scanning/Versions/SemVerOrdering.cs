namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// SemVer 2.0 precedence (npm, crates.io, Go, Hex): <c>MAJOR.MINOR.PATCH[-pre.release][+build]</c>, compared as
/// numbers, then a version without pre-release above any with one, then pre-release identifiers left to right
/// (numeric ones by value and below alphanumeric ones, alphanumeric ones by ASCII, a shorter list first when
/// the longer starts with it). Build metadata is ignored. Accepted as node-semver's loose mode and Go do: a leading
/// 'v' (Go's module versions) or '=', surrounding spaces, and leading zeros.
/// </summary>
public sealed class SemVerOrdering : ParsedVersionOrdering<SemVerOrdering.Version>
{
    public static readonly SemVerOrdering Instance = new();

    public override string Scheme => "semver";

    /// <summary>A parsed version: three numeric cores (digit text) and the pre-release identifiers.</summary>
    public sealed record Version(string Major, string Minor, string Patch, IReadOnlyList<string> PreRelease);

    protected override Version? Parse(string version)
    {
        var text = version.Trim();
        if (text.Length > 0 && text[0] is 'v' or 'V' or '=')
            text = text[1..].TrimStart();

        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!VersionText.AreLabels(text[(plus + 1)..].Split('.')))
                return null;
            text = text[..plus];
        }

        string[] preRelease = [];
        var hyphen = text.IndexOf('-', StringComparison.Ordinal);
        if (hyphen >= 0)
        {
            preRelease = text[(hyphen + 1)..].Split('.');
            if (!VersionText.AreLabels(preRelease))
                return null;
            text = text[..hyphen];
        }

        var core = text.Split('.');
        if (core.Length != 3 || !core.All(part => VersionText.IsAllDigits(part)))
            return null;
        return new Version(core[0], core[1], core[2], preRelease);
    }

    protected override int CompareParsed(Version a, Version b)
    {
        var core = VersionText.CompareNumeric(a.Major, b.Major);
        if (core == 0)
            core = VersionText.CompareNumeric(a.Minor, b.Minor);
        if (core == 0)
            core = VersionText.CompareNumeric(a.Patch, b.Patch);
        if (core != 0)
            return core;

        return VersionText.ComparePreRelease(a.PreRelease, b.PreRelease, StringComparer.Ordinal);
    }
}
