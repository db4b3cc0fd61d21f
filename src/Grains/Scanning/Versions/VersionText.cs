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
}
