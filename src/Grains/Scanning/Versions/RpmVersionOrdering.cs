namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// RPM's ordering (Red Hat, Rocky Linux, AlmaLinux, SUSE, ...) over <c>[epoch:]version[-release]</c>, as
/// <c>rpm.labelCompare</c> does: the epoch is the leading digits before a ':' (absent = 0, so "0:1.0" equals "1.0"),
/// the release follows the last '-'; epochs compare by value, then version and release with <c>rpmvercmp</c>
/// (a missing or empty release sorts below any release). <c>rpmvercmp</c> splits into runs of ASCII digits or
/// letters, everything else separating them: digit runs by value, letter runs by ASCII, a digit run above a letter
/// run; '~' sorts before anything, even the end (pre-releases), and '^' after the end but before anything else
/// (snapshots after a release). rpm orders any string, so every string is valid here, except an empty one.
/// </summary>
public sealed class RpmVersionOrdering : IVersionOrdering
{
    public static readonly RpmVersionOrdering Instance = new();

    public string Scheme => "rpm";

    public bool IsValid(string? version) => !string.IsNullOrWhiteSpace(version);

    public int Compare(string? a, string? b)
    {
        if (a is null || b is null)
            return a is not null ? 1 : b is not null ? -1 : 0;

        var left = Split(a.Trim());
        var right = Split(b.Trim());
        var epoch = VersionText.CompareNumeric(left.Epoch, right.Epoch);
        if (epoch != 0)
            return epoch;
        var version = CompareSegments(left.Version, right.Version);
        if (version != 0)
            return version;
        if (left.Release is null || right.Release is null)
            return (left.Release is null ? 0 : 1) - (right.Release is null ? 0 : 1);
        return CompareSegments(left.Release, right.Release);
    }

    public bool TryCompare(string? a, string? b, out int result)
    {
        var valid = IsValid(a) && IsValid(b);
        result = valid ? Compare(a, b) : 0;
        return valid;
    }

    private readonly record struct Evr(string Epoch, string Version, string? Release);

    private static Evr Split(string text)
    {
        var digits = 0;
        while (digits < text.Length && VersionText.IsDigit(text[digits]))
            digits++;

        var epoch = "0";
        var start = 0;
        if (digits < text.Length && text[digits] == ':')
        {
            epoch = digits == 0 ? "0" : text[..digits];
            start = digits + 1;
        }

        var hyphen = text.LastIndexOf('-');
        if (hyphen < start)
            return new Evr(epoch, text[start..], null);
        var release = text[(hyphen + 1)..];
        return new Evr(epoch, text[start..hyphen], release.Length == 0 ? null : release);
    }

    /// <summary>rpmvercmp.</summary>
    private static int CompareSegments(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
            return 0;

        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && IsSeparator(a[i]))
                i++;
            while (j < b.Length && IsSeparator(b[j]))
                j++;

            var x = VersionText.At(a, i);
            var y = VersionText.At(b, j);
            if (x == '~' || y == '~')
            {
                if (x != '~')
                    return 1;
                if (y != '~')
                    return -1;
                i++;
                j++;
                continue;
            }

            if (x == '^' || y == '^')
            {
                if (i >= a.Length)
                    return -1;
                if (j >= b.Length)
                    return 1;
                if (x != '^')
                    return 1;
                if (y != '^')
                    return -1;
                i++;
                j++;
                continue;
            }

            if (i >= a.Length || j >= b.Length)
                break;

            var numeric = VersionText.IsDigit(x);
            Func<char, bool> inRun = numeric ? VersionText.IsDigit : VersionText.IsLetter;
            var startA = i;
            var startB = j;
            while (i < a.Length && inRun(a[i]))
                i++;
            while (j < b.Length && inRun(b[j]))
                j++;

            // The runs differ in kind: a number is newer than letters.
            if (j == startB)
                return numeric ? 1 : -1;

            var run = numeric
                ? VersionText.CompareNumeric(a.AsSpan(startA, i - startA), b.AsSpan(startB, j - startB))
                : Math.Sign(a.AsSpan(startA, i - startA).SequenceCompareTo(b.AsSpan(startB, j - startB)));
            if (run != 0)
                return run;
        }

        if (i >= a.Length && j >= b.Length)
            return 0;
        return i >= a.Length ? -1 : 1;
    }

    private static bool IsSeparator(char c) => !VersionText.IsDigit(c) && !VersionText.IsLetter(c) && c is not ('~' or '^');
}
