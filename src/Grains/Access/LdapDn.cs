using System.Text;

namespace ArtifactKeeper.Access;

/// <summary>
/// A distinguished name reduced to a comparable form (RFC 4514 syntax, compared case-insensitively with the
/// spaces around separators dropped), enough to tell whether two DNs name the same entry and whether one lies
/// under another. Directories echo DNs back with their own spacing and case, so raw string comparison is wrong.
/// </summary>
public sealed class LdapDn : IEquatable<LdapDn>
{
    private readonly string[] _rdns;

    private LdapDn(string[] rdns) => _rdns = rdns;

    /// <summary>The normalized text, e.g. <c>cn=admins,ou=groups,dc=example,dc=org</c>.</summary>
    public override string ToString() => string.Join(',', _rdns);

    public static bool TryParse(string? text, out LdapDn dn)
    {
        dn = new LdapDn([]);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var rdns = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
            }
            else if (c is ',' or ';')
            {
                if (!TryNormalizeRdn(current.ToString(), out var rdn))
                {
                    return false;
                }

                rdns.Add(rdn);
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (!TryNormalizeRdn(current.ToString(), out var last))
        {
            return false;
        }

        rdns.Add(last);
        dn = new LdapDn([.. rdns]);
        return true;
    }

    /// <summary>Whether this DN is <paramref name="ancestor"/> itself or lies beneath it.</summary>
    public bool IsUnder(LdapDn ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        if (ancestor._rdns.Length > _rdns.Length)
        {
            return false;
        }

        var offset = _rdns.Length - ancestor._rdns.Length;
        for (var i = 0; i < ancestor._rdns.Length; i++)
        {
            if (!string.Equals(_rdns[offset + i], ancestor._rdns[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(LdapDn? other) => other is not null && _rdns.SequenceEqual(other._rdns, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LdapDn);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static bool TryNormalizeRdn(string rdn, out string normalized)
    {
        normalized = string.Empty;
        var equals = rdn.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return false;
        }

        var attribute = rdn[..equals].Trim();
        var value = rdn[(equals + 1)..].Trim();
        if (attribute.Length == 0 || value.Length == 0 || !IsAttributeName(attribute))
        {
            return false;
        }

        normalized = attribute.ToLowerInvariant() + "=" + value.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// Whether <paramref name="name"/> is an attribute description (RFC 4512: a keystring or a numeric OID, with
    /// options after <c>;</c>). Attribute names are spliced into filters unescaped, so only these are accepted.
    /// </summary>
    public static bool IsAttributeName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 128)
        {
            return false;
        }

        if (char.IsAsciiDigit(name[0]))
        {
            return name.All(c => char.IsAsciiDigit(c) || c == '.') && !name.EndsWith('.') && !name.Contains("..", StringComparison.Ordinal);
        }

        return char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ';');
    }
}
