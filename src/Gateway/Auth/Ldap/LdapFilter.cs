using System.Globalization;
using System.Text;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>
/// Builds LDAP search filters (RFC 4515). Values coming from a client (a login name, a group name) are escaped so
/// they can only ever be compared as a literal: <c>*</c>, parentheses, backslash and NUL would otherwise let a
/// username like <c>*)(uid=*</c> widen the search to other entries (LDAP injection). Configured filters are
/// trusted text but are checked for balance and wrapped in parentheses when the operator left them off, as Harbor does.
/// </summary>
public static class LdapFilter
{
    /// <summary>Escapes <paramref name="value"/> for an assertion value: <c>* ( ) \ NUL</c> and non-ASCII become <c>\xx</c>.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' or 0 or >= 0x80)
            {
                builder.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>The configured filter with surrounding parentheses, or empty when none is configured.</summary>
    public static string Normalize(string? filter)
    {
        var trimmed = (filter ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }

        return trimmed.StartsWith('(') && trimmed.EndsWith(')') ? trimmed : "(" + trimmed + ")";
    }

    /// <summary>
    /// Whether <paramref name="filter"/> (after <see cref="Normalize"/>) is one well-bracketed filter: parentheses
    /// balance outside escapes, no item is empty and nothing trails the outer item. Empty counts as valid (no filter).
    /// </summary>
    public static bool IsWellFormed(string? filter)
    {
        var normalized = Normalize(filter);
        if (normalized.Length == 0)
        {
            return true;
        }

        var depth = 0;
        for (var i = 0; i < normalized.Length; i++)
        {
            switch (normalized[i])
            {
                case '(':
                    if (i + 1 < normalized.Length && normalized[i + 1] == ')')
                    {
                        return false;
                    }

                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0 || (depth == 0 && i != normalized.Length - 1))
                    {
                        return false;
                    }

                    break;
                case '\\':
                    if (i + 2 >= normalized.Length || !Uri.IsHexDigit(normalized[i + 1]) || !Uri.IsHexDigit(normalized[i + 2]))
                    {
                        return false;
                    }

                    i += 2;
                    break;
            }
        }

        return depth == 0;
    }

    /// <summary>The user entry whose <paramref name="uidAttribute"/> equals <paramref name="username"/>, within the configured filter.</summary>
    public static string ForUser(string? configured, string uidAttribute, string username) =>
        And(configured, Equality(uidAttribute, username));

    /// <summary>
    /// Users for the search API: an empty <paramref name="username"/> lists every user, otherwise an exact match
    /// (a client cannot smuggle wildcards in; Harbor searches the same way).
    /// </summary>
    public static string ForUserSearch(string? configured, string uidAttribute, string username) =>
        And(configured, username.Length == 0 ? Presence(uidAttribute) : Equality(uidAttribute, username));

    /// <summary>Groups named <paramref name="groupName"/> (every group when empty), within the configured group filter.</summary>
    public static string ForGroup(string? configured, string nameAttribute, string groupName) =>
        And(configured, groupName.Length == 0 ? Presence(nameAttribute) : Equality(nameAttribute, groupName));

    /// <summary>Groups listing <paramref name="userDn"/> (or, for posixGroup, <paramref name="username"/>) as a member.</summary>
    public static string ForGroupsOf(string? configured, string userDn, string username)
    {
        var dn = Escape(userDn);
        return And(configured, $"(|(member={dn})(uniqueMember={dn})(memberUid={Escape(username)}))");
    }

    private static string Equality(string attribute, string value)
    {
        RequireAttribute(attribute);
        return $"({attribute}={Escape(value)})";
    }

    private static string Presence(string attribute)
    {
        RequireAttribute(attribute);
        return $"({attribute}=*)";
    }

    private static string And(string? configured, string condition)
    {
        var normalized = Normalize(configured);
        return normalized.Length == 0 ? condition : $"(&{normalized}{condition})";
    }

    private static void RequireAttribute(string attribute)
    {
        if (!LdapDn.IsAttributeName(attribute))
        {
            throw new ArgumentException($"'{attribute}' is not an LDAP attribute name", nameof(attribute));
        }
    }
}
