namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>Reads RFC 8288 <c>Link</c> headers for the distribution API's paging (<c>&lt;/v2/…?last=x&gt;; rel="next"</c>).</summary>
public static class LinkHeader
{
    /// <summary>The target of the first <c>rel="next"</c> link, resolved against <paramref name="requestUri"/>, or null.</summary>
    public static Uri? Next(IEnumerable<string> values, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(requestUri);
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var isNext = parameters.Any(p =>
                {
                    var eq = p.IndexOf('=', StringComparison.Ordinal);
                    return eq > 0 && string.Equals(p[..eq].Trim(), "rel", StringComparison.OrdinalIgnoreCase) &&
                        p[(eq + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
                });
                if (isNext && Uri.TryCreate(requestUri, link[(open + 1)..close].Trim(), out var target))
                {
                    return target;
                }
            }
        }

        return null;
    }

    // Links are comma-separated, but a comma may sit inside <…> or a quoted parameter.
    private static IEnumerable<string> SplitLinks(string value)
    {
        var start = 0;
        var inAngle = false;
        var inQuote = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<' when !inQuote: inAngle = true; break;
                case '>' when !inQuote: inAngle = false; break;
                case '"' when !inAngle: inQuote = !inQuote; break;
                case ',' when !inAngle && !inQuote:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return value[start..];
    }
}
