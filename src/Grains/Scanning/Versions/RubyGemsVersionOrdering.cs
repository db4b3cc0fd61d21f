using System.Text.RegularExpressions;

namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// RubyGems' ordering (<c>Gem::Version#&lt;=&gt;</c>). A version is digits, then '.'-separated alphanumeric parts,
/// optionally a '-' tail (read as ".pre."); it splits into runs of digits (numbers) and of letters (strings).
/// Trailing zeros are dropped from the numeric head and from the part after the first string
/// ("1.0" = "1", "1.0.a" = "1.a"); then segments compare in order, a missing one as 0: numbers by value,
/// strings by bytes, and a string below a number, so "1.0.a" (a pre-release) &lt; "1.0" &lt; "1.0.1".
/// </summary>
public sealed partial class RubyGemsVersionOrdering : ParsedVersionOrdering<RubyGemsVersionOrdering.Version>
{
    public static readonly RubyGemsVersionOrdering Instance = new();

    public override string Scheme => "rubygems";

    /// <summary>The canonical segments: digit text for numbers, letters for strings.</summary>
    public sealed record Version(IReadOnlyList<string> Segments);

    [GeneratedRegex(@"^[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    [GeneratedRegex("[0-9]+|[a-zA-Z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();

    protected override Version? Parse(string version)
    {
        var text = version.Trim();
        if (text.Length == 0)
            text = "0";
        if (!Grammar().IsMatch(text))
            return null;

        var segments = Segment().Matches(text.Replace("-", ".pre.", StringComparison.Ordinal))
            .Select(match => match.Value)
            .ToList();
        var firstString = segments.FindIndex(segment => !IsNumber(segment));
        if (firstString < 0)
            firstString = segments.Count;

        var canonical = DropTrailingZeros(segments.Take(firstString));
        canonical.AddRange(DropTrailingZeros(segments.Skip(firstString)));
        return new Version(canonical);
    }

    protected override int CompareParsed(Version a, Version b)
    {
        for (var i = 0; i < Math.Max(a.Segments.Count, b.Segments.Count); i++)
        {
            var left = i < a.Segments.Count ? a.Segments[i] : "0";
            var right = i < b.Segments.Count ? b.Segments[i] : "0";
            var (numberLeft, numberRight) = (IsNumber(left), IsNumber(right));
            var result = numberLeft && numberRight ? VersionText.CompareNumeric(left, right)
                : numberLeft != numberRight ? (numberLeft ? 1 : -1)
                : Math.Sign(string.CompareOrdinal(left, right));
            if (result != 0)
                return result;
        }

        return 0;
    }

    private static bool IsNumber(string segment) => VersionText.IsDigit(segment[0]);

    private static List<string> DropTrailingZeros(IEnumerable<string> segments)
    {
        var list = segments.ToList();
        while (list.Count > 0 && IsNumber(list[^1]) && list[^1].TrimStart('0').Length == 0)
            list.RemoveAt(list.Count - 1);
        return list;
    }
}
