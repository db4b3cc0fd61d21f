namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// Debian's ordering (dpkg <c>--compare-versions</c>, Debian Policy §5.6.12) for Debian and Ubuntu:
/// <c>[epoch:]upstream[-revision]</c>. The epoch compares as a number (absent = 0); upstream and revision
/// (absent = "0", after the last '-') compare by alternating runs: a non-digit run character by character with
/// '~' before the end of the string, the end before letters, letters before every other character; then a digit
/// run by value. dpkg compares strings it only warns about (a version not starting with a digit, odd characters),
/// so <see cref="Compare"/> does too; <see cref="IsValid"/> follows dpkg's hard errors (empty parts, bad epoch,
/// spaces).
/// </summary>
public sealed class DpkgVersionOrdering : IVersionOrdering
{
    public static readonly DpkgVersionOrdering Instance = new();

    public string Scheme => "dpkg";

    public bool IsValid(string? version) => version is not null && Split(version, strict: true) is not null;

    public int Compare(string? a, string? b)
    {
        var left = a is null ? null : Split(a, strict: false);
        var right = b is null ? null : Split(b, strict: false);
        if (left is null || right is null)
            return left is not null ? 1 : right is not null ? -1 : Math.Sign(string.CompareOrdinal(a, b));

        var epoch = VersionText.CompareNumeric(left.Value.Epoch, right.Value.Epoch);
        if (epoch != 0)
            return epoch;
        var upstream = CompareFragment(left.Value.Upstream, right.Value.Upstream);
        return upstream != 0 ? upstream : CompareFragment(left.Value.Revision, right.Value.Revision);
    }

    public bool TryCompare(string? a, string? b, out int result)
    {
        var valid = IsValid(a) && IsValid(b);
        result = valid ? Compare(a, b) : 0;
        return valid;
    }

    private readonly record struct Parts(string Epoch, string Upstream, string Revision);

    private static Parts? Split(string version, bool strict)
    {
        var text = version.Trim();
        if (text.Length == 0 || (strict && text.AsSpan().ContainsAny(" \t\n\r")))
            return null;

        var epoch = "0";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            epoch = text[..colon];
            if (!VersionText.IsAllDigits(epoch) || epoch.TrimStart('0').Length > 10)
            {
                if (strict)
                    return null;
                epoch = "0";
            }

            text = text[(colon + 1)..];
        }

        var revision = "";
        var hyphen = text.LastIndexOf('-');
        if (hyphen >= 0)
        {
            revision = text[(hyphen + 1)..];
            text = text[..hyphen];
            if (strict && revision.Length == 0)
                return null;
        }

        if (strict && text.Length == 0)
            return null;
        return new Parts(epoch, text, revision);
    }

    /// <summary>dpkg's verrevcmp over one upstream version or revision.</summary>
    private static int CompareFragment(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !VersionText.IsDigit(a[i])) || (j < b.Length && !VersionText.IsDigit(b[j])))
            {
                var left = Weight(VersionText.At(a, i));
                var right = Weight(VersionText.At(b, j));
                if (left != right)
                    return left < right ? -1 : 1;
                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
                i++;
            while (j < b.Length && b[j] == '0')
                j++;

            var firstDifference = 0;
            while (i < a.Length && j < b.Length && VersionText.IsDigit(a[i]) && VersionText.IsDigit(b[j]))
            {
                if (firstDifference == 0)
                    firstDifference = a[i].CompareTo(b[j]);
                i++;
                j++;
            }

            if (i < a.Length && VersionText.IsDigit(a[i]))
                return 1;
            if (j < b.Length && VersionText.IsDigit(b[j]))
                return -1;
            if (firstDifference != 0)
                return Math.Sign(firstDifference);
        }

        return 0;
    }

    /// <summary>'~' below the end, the end (and digits) at 0, letters by code, everything else above letters.</summary>
    private static int Weight(char c) => c switch
    {
        '~' => -1,
        '\0' => 0,
        _ when VersionText.IsDigit(c) => 0,
        _ when VersionText.IsLetter(c) => c,
        _ => c + 256,
    };
}
