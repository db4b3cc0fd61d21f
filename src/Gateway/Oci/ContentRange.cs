using System.Globalization;

namespace ArtifactKeeper.Oci;

/// <summary>
/// An inclusive byte range from a chunked-upload <c>Content-Range</c> header. The OCI spec writes it
/// as <c>&lt;start&gt;-&lt;end&gt;</c>; clients also send the RFC 9110 forms, so those are accepted too.
/// </summary>
public readonly record struct ContentRange(long Start, long End)
{
    /// <summary>Number of bytes the range covers.</summary>
    public long Length => End - Start + 1;

    /// <summary>
    /// Accepts <c>start-end</c>, <c>bytes start-end</c>, <c>bytes=start-end</c> and
    /// <c>bytes start-end/total</c> (total a number or <c>*</c>). Refuses signs, non-digits,
    /// <c>end &lt; start</c>, values that overflow a long, and an end at or past a numeric total.
    /// </summary>
    public static bool TryParse(string? header, out ContentRange range)
    {
        range = default;
        if (header is null)
        {
            return false;
        }

        var value = header.AsSpan().Trim();
        var hasUnit = false;
        if (value.StartsWith("bytes", StringComparison.OrdinalIgnoreCase) && value.Length > 5 && value[5] is ' ' or '=')
        {
            value = value[6..].TrimStart(' ');
            hasUnit = true;
        }

        var slash = value.IndexOf('/');
        long? total = null;
        if (slash >= 0)
        {
            // The complete-length suffix belongs to the RFC form only.
            if (!hasUnit)
            {
                return false;
            }

            var totalText = value[(slash + 1)..];
            if (totalText is not "*")
            {
                if (!TryParseNumber(totalText, out var parsedTotal))
                {
                    return false;
                }

                total = parsedTotal;
            }

            value = value[..slash];
        }

        var dash = value.IndexOf('-');
        if (dash < 0
            || !TryParseNumber(value[..dash], out var start)
            || !TryParseNumber(value[(dash + 1)..], out var end)
            || end < start
            || end >= total)
        {
            return false;
        }

        range = new ContentRange(start, end);
        return true;
    }

    // Digits only: NumberStyles.None refuses signs, spaces and separators, and overflow fails the parse.
    private static bool TryParseNumber(ReadOnlySpan<char> text, out long number) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
