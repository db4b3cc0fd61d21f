using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// An X.509 distinguished name as attribute/value pairs (<c>C</c>, <c>ST</c>, <c>O</c>, <c>CN</c>, ...), read from
/// RFC 4514-style text (a Notation trusted identity) or from a certificate, and matched the way Notation matches
/// trusted identities: every attribute the identity names must have that value in the certificate's subject.
/// </summary>
public sealed class DistinguishedName
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU",
        ["2.5.4.9"] = "STREET", ["2.5.4.5"] = "SERIALNUMBER", ["2.5.4.17"] = "POSTALCODE", ["1.2.840.113549.1.9.1"] = "EMAILADDRESS",
        ["0.9.2342.19200300.100.1.25"] = "DC", ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    private readonly List<KeyValuePair<string, string>> _attributes;

    private DistinguishedName(List<KeyValuePair<string, string>> attributes) => _attributes = attributes;

    /// <summary>The attributes in the order written (most specific first, as RFC 4514 prints them).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes => _attributes;

    /// <summary>The value of <paramref name="type"/> (upper-case short name), if the name has it.</summary>
    public string? this[string type] => _attributes.FirstOrDefault(a => a.Key == type).Value;

    /// <summary>Reads a certificate name, most specific attribute first (<c>CN=..., O=..., C=...</c>).</summary>
    public static DistinguishedName FromX500(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var attributes = new List<KeyValuePair<string, string>>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: true))
        {
            if (rdn.HasMultipleElements)
                continue;
            var oid = rdn.GetSingleElementType().Value ?? "";
            attributes.Add(new(ShortNames.GetValueOrDefault(oid, oid), rdn.GetSingleElementValue() ?? ""));
        }

        return new DistinguishedName(attributes);
    }

    /// <summary>Reads <c>C=US, ST=WA, O=Acme, CN=signer</c> (commas or plus signs between attributes, backslash escapes).</summary>
    public static DistinguishedName? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var attributes = new List<KeyValuePair<string, string>>();
        foreach (var part in Split(text))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var type = equals > 0 ? part[..equals].Trim().ToUpperInvariant() : "";
            var value = equals > 0 ? part[(equals + 1)..].Trim() : "";
            if (type.Length == 0 || value.Length == 0)
            {
                error = $"'{part.Trim()}' is not an attribute=value pair";
                return null;
            }

            type = type == "S" ? "ST" : type == "E" ? "EMAILADDRESS" : type;
            if (attributes.Any(a => a.Key == type))
            {
                error = $"attribute '{type}' appears twice";
                return null;
            }

            attributes.Add(new(type, value));
        }

        error = attributes.Count == 0 ? "the name is empty" : null;
        return error is null ? new DistinguishedName(attributes) : null;
    }

    /// <summary>True when every attribute of this name has the same value in <paramref name="subject"/>.</summary>
    public bool IsSubsetOf(DistinguishedName subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return _attributes.All(a => subject._attributes.Any(s => s.Key == a.Key && string.Equals(s.Value, a.Value, StringComparison.Ordinal)));
    }

    public override string ToString() => string.Join(", ", _attributes.Select(a => a.Key + "=" + a.Value));

    private static IEnumerable<string> Split(string text)
    {
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c is ',' or '+' or ';')
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0 || text.Length > 0)
            yield return current.ToString();
    }
}
