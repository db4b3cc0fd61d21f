using System.Text;

namespace ArtifactKeeper.Scanning.Inventory.Sbom;

/// <summary>
/// A package URL, "pkg:type/namespace/name@version?qualifiers#subpath", with every part percent-decoded; the type
/// and qualifier keys lower-cased.
/// </summary>
public sealed record PackageUrl(
    string Type,
    string? Namespace,
    string Name,
    string? Version,
    IReadOnlyDictionary<string, string> Qualifiers,
    string? Subpath)
{
    public string? Qualifier(string key) => Qualifiers.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>Parses a purl; null when it is not one (no "pkg:" scheme, no type or no name).</summary>
    public static PackageUrl? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var rest = text.Trim();
        if (!rest.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
            return null;
        rest = rest[4..].TrimStart('/');

        string? subpath = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            subpath = Decode(rest[(hash + 1)..].Trim('/'));
            rest = rest[..hash];
        }

        var qualifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                    continue;
                qualifiers[pair[..eq].ToLowerInvariant()] = Decode(pair[(eq + 1)..]);
            }

            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            return null;
        var type = rest[..slash].ToLowerInvariant();
        rest = rest[(slash + 1)..].Trim('/');

        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at > 0 && at > rest.LastIndexOf('/'))
        {
            version = Decode(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToArray();
        if (segments.Length == 0 || segments[^1].Length == 0)
            return null;
        var ns = segments.Length > 1 ? string.Join('/', segments[..^1]) : null;
        return new PackageUrl(type, ns, segments[^1], string.IsNullOrEmpty(version) ? null : version, qualifiers, subpath);
    }

    /// <summary>Percent-decoding of one purl part ("%2B" is "+", "%3A" is ":"); a '+' stays a '+'.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
            return value;
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
