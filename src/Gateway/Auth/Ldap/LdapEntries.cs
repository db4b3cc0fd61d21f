namespace ArtifactKeeper.Auth.Ldap;

/// <summary>A user entry as the directory reports it. <see cref="Username"/> is the value of the uid attribute.</summary>
public sealed record LdapUserEntry(string Dn, string Username, string Realname, string Email, IReadOnlyList<string> GroupDns);

/// <summary>A group entry: its DN and the value of the group name attribute.</summary>
public sealed record LdapGroupEntry(string Dn, string Name);

/// <summary>How a directory password check ended.</summary>
public enum LdapBindStatus
{
    Succeeded = 0,
    /// <summary>Unknown user, several entries for one name, or a wrong or empty password.</summary>
    Rejected,
    /// <summary>The directory could not be asked: down, too slow, or the search account is refused.</summary>
    Unavailable,
}

/// <summary>The result of <see cref="LdapDirectory.AuthenticateAsync"/>; <see cref="User"/> is set on success only.</summary>
public sealed record LdapBindResult(LdapBindStatus Status, LdapUserEntry? User)
{
    public static readonly LdapBindResult Rejected = new(LdapBindStatus.Rejected, null);

    public static readonly LdapBindResult Unavailable = new(LdapBindStatus.Unavailable, null);
}

/// <summary>Harbor's <c>LdapPingResult</c> in domain form; <see cref="Message"/> explains a failure.</summary>
public sealed record LdapPingOutcome(bool Success, string Message);
