using System.Net;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Harbor's <c>q</c> syntax: comma-separated <c>key=value</c> terms where the value is exact
/// (<c>v</c>, a leading <c>\</c> escapes the operators), fuzzy (<c>~v</c>), a range (<c>[min~max]</c>),
/// an or-list (<c>{v1 v2}</c>) or an and-list (<c>(v1 v2)</c>). The whole string is URL-decoded once
/// more, as Harbor does, so <c>q=name%3D~foo</c> works both ways. Keys the resource does not allow
/// are dropped, as Harbor's ORM skips unknown fields.
/// </summary>
public static class HarborQueryParser
{
    public static bool TryParse(
        string? q,
        IReadOnlySet<string> allowedKeys,
        out IReadOnlyDictionary<string, QueryValue> filters,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(allowedKeys);
        var result = new Dictionary<string, QueryValue>(StringComparer.Ordinal);
        filters = result;
        error = null;
        if (string.IsNullOrEmpty(q))
        {
            return true;
        }

        foreach (var term in WebUtility.UrlDecode(q).Split(','))
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == term.Length - 1)
            {
                error = "the query string must contain \"=\" and the key/value cannot be empty";
                return false;
            }

            var key = term[..equals];
            var raw = term[(equals + 1)..];
            if (!TryParseValue(raw, out var value, out var reason))
            {
                error = $"invalid query string value: {raw}: {reason}";
                return false;
            }

            if (allowedKeys.Contains(key))
            {
                result[key] = value;
            }
        }

        return true;
    }

    private static bool TryParseValue(string raw, out QueryValue value, out string? reason)
    {
        reason = null;
        value = new ExactValue(raw);
        switch (raw[0])
        {
            case '~':
                if (raw.Length < 2)
                {
                    reason = "a fuzzy value needs at least one character after \"~\"";
                    return false;
                }

                value = new FuzzyValue(raw[1..]);
                return true;
            case '[':
                return TryParseRange(raw, out value, out reason);
            case '{':
                return TryParseList(raw, '}', "an or-list must start with \"{\" and end with \"}\"", v => new OrListValue(v), out value, out reason);
            case '(':
                return TryParseList(raw, ')', "an and-list must start with \"(\" and end with \")\"", v => new AndListValue(v), out value, out reason);
            case '\\':
                value = new ExactValue(raw[1..]);
                return true;
            default:
                return true;
        }
    }

    private static bool TryParseRange(string raw, out QueryValue value, out string? reason)
    {
        value = new RangeValue(null, null);
        if (raw.Length < 2 || raw[^1] != ']' || raw.Count(c => c == '~') != 1)
        {
            reason = "a range must start with \"[\", end with \"]\" and contain exactly one \"~\"";
            return false;
        }

        var bounds = raw[1..^1].Split('~');
        var min = Scalar(bounds[0]);
        var max = Scalar(bounds[1]);
        if (min.Length == 0 && max.Length == 0)
        {
            reason = "a range needs a minimum, a maximum or both";
            return false;
        }

        reason = null;
        value = new RangeValue(min.Length == 0 ? null : min, max.Length == 0 ? null : max);
        return true;
    }

    private static bool TryParseList(
        string raw, char close, string message, Func<IReadOnlyList<string>, QueryValue> create, out QueryValue value, out string? reason)
    {
        value = create([]);
        if (raw.Length < 2 || raw[^1] != close)
        {
            reason = message;
            return false;
        }

        reason = null;
        value = create(raw[1..^1].Split(' ').Select(Scalar).Where(v => v.Length > 0).ToList());
        return true;
    }

    /// <summary>A list or range element: trimmed, surrounding quotes removed.</summary>
    private static string Scalar(string value) => value.Trim().Trim('"', '\'');
}
