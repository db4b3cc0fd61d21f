namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// Packagist's ordering as OSV applies it: PHP's <c>version_compare</c> after dropping a leading 'v'. The version is
/// canonicalised ('-', '_', '+' and other non-alphanumerics become '.', and a '.' goes between digits and letters)
/// and compared part by part: numbers by value; words by their special form, any other word &lt; dev &lt; alpha = a
/// &lt; beta = b &lt; RC = rc &lt; (a number) &lt; pl = p (a word counts as the first form it starts with, case-sensitive);
/// a number above a word. When one side has more parts, a next number makes it newer and a next word compares
/// with a number's rank, so "1.0" &lt; "1.0.0", "1.0-RC1" &lt; "1.0" &lt; "1.0-pl1". Any non-blank string is valid.
/// </summary>
public sealed class PackagistVersionOrdering : IVersionOrdering
{
    public static readonly PackagistVersionOrdering Instance = new();

    private const int NumberRank = 4;

    private static readonly (string Name, int Rank)[] SpecialForms =
    [
        ("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", NumberRank), ("pl", 5), ("p", 5),
    ];

    public string Scheme => "packagist";

    public bool IsValid(string? version) => !string.IsNullOrWhiteSpace(version);

    public int Compare(string? a, string? b)
    {
        var left = Canonical(a);
        var right = Canonical(b);
        if (left.Length == 0 || right.Length == 0)
            return (left.Length == 0 ? 0 : 1) - (right.Length == 0 ? 0 : 1);
        return CompareParts(left.Split('.'), right.Split('.'));
    }

    public bool TryCompare(string? a, string? b, out int result)
    {
        var valid = IsValid(a) && IsValid(b);
        result = valid ? Compare(a, b) : 0;
        return valid;
    }

    private static int CompareParts(ReadOnlySpan<string> a, ReadOnlySpan<string> b)
    {
        var i = 0;
        for (; i < a.Length && i < b.Length; i++)
        {
            var (x, y) = (a[i], b[i]);
            var (numberX, numberY) = (StartsWithDigit(x), StartsWithDigit(y));
            var result = numberX && numberY ? VersionText.CompareNumeric(LeadingDigits(x), LeadingDigits(y))
                : numberX ? NumberRank.CompareTo(Rank(y))
                : numberY ? Rank(x).CompareTo(NumberRank)
                : Rank(x).CompareTo(Rank(y));
            if (result != 0)
                return Math.Sign(result);
        }

        if (i < a.Length)
            return StartsWithDigit(a[i]) ? 1 : CompareParts(a[i..], ["#"]);
        if (i < b.Length)
            return StartsWithDigit(b[i]) ? -1 : CompareParts(["#"], b[i..]);
        return 0;
    }

    /// <summary>PHP's canonical form: separators to single dots, a dot at each digit/non-digit boundary.</summary>
    private static string Canonical(string? version)
    {
        var text = version?.Trim() ?? "";
        if (text.Length > 0 && text[0] is 'v' or 'V')
            text = text[1..];
        if (text.Length == 0)
            return "";

        var result = new System.Text.StringBuilder(text.Length * 2);
        result.Append(text[0]);
        for (var i = 1; i < text.Length; i++)
        {
            var (previous, c) = (text[i - 1], text[i]);
            var boundary = (IsNonDigit(previous) && VersionText.IsDigit(c)) || (VersionText.IsDigit(previous) && IsNonDigit(c));
            var alphanumeric = VersionText.IsDigit(c) || VersionText.IsLetter(c);
            if (boundary || !alphanumeric)
            {
                if (result[^1] != '.')
                    result.Append('.');
                if (!alphanumeric)
                    continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private static bool IsNonDigit(char c) => !VersionText.IsDigit(c) && c != '.';

    private static bool StartsWithDigit(string part) => part.Length > 0 && VersionText.IsDigit(part[0]);

    private static ReadOnlySpan<char> LeadingDigits(string part)
    {
        var length = 0;
        while (length < part.Length && VersionText.IsDigit(part[length]))
            length++;
        return part.AsSpan(0, length);
    }

    /// <summary>The rank of the first special form the word starts with; -6 (below dev) for any other word.</summary>
    private static int Rank(string word)
    {
        foreach (var (name, rank) in SpecialForms)
        {
            if (word.StartsWith(name, StringComparison.Ordinal))
                return rank;
        }

        return -6;
    }
}
