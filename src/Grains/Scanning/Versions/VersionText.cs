namespace ArtifactKeeper.Scanning.Versions;

/// <summary>Character and digit-run helpers shared by the orderings (ASCII only, as the reference tools are).</summary>
internal static class VersionText
{
    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    public static bool IsAllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// Compares two runs of decimal digits by value, of any length (no overflow): leading zeros are ignored, then the
    /// longer run is larger, then the first differing digit decides. Empty runs count as zero.
    /// </summary>
    public static int CompareNumeric(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length)
            return a.Length < b.Length ? -1 : 1;
        return Math.Sign(a.SequenceCompareTo(b));
    }

    /// <summary>The character at <paramref name="index"/>, or '\0' past the end (the C tools' terminator).</summary>
    public static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    /// <summary>
    /// SemVer's pre-release precedence, shared by NuGet: no labels sorts above any labels; then label by label, numeric
    /// labels numerically and below alphanumeric ones, alphanumeric ones by <paramref name="text"/>; then the longer list.
    /// </summary>
    public static int ComparePreRelease(IReadOnlyList<string> a, IReadOnlyList<string> b, StringComparer text)
    {
        if (a.Count == 0 || b.Count == 0)
            return (a.Count == 0 ? 1 : 0) - (b.Count == 0 ? 1 : 0);

        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var numericA = IsAllDigits(a[i]);
            var numericB = IsAllDigits(b[i]);
            var label = numericA && numericB ? CompareNumeric(a[i], b[i])
                : numericA != numericB ? (numericA ? -1 : 1)
                : Math.Sign(text.Compare(a[i], b[i]));
            if (label != 0)
                return label;
        }

        return a.Count.CompareTo(b.Count);
    }

    /// <summary>Non-empty labels of ASCII letters, digits and hyphens (SemVer's identifiers, NuGet's labels).</summary>
    public static bool AreLabels(string[] labels) =>
        labels.All(label => label.Length > 0 && label.All(c => IsDigit(c) || IsLetter(c) || c == '-'));
}
