using ArtifactKeeper.Access;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>How an LDAP sign-in ended: the verified login, a refusal, or a directory that could not be asked.</summary>
public sealed record LdapLoginResult(LdapBindStatus Status, VerifiedLogin? Login);

/// <summary>
/// Signs a user in against LDAP (Harbor's <c>ldap_auth</c>): the directory checks the password, the user grain
/// onboards the user on first sign-in, and group memberships become the caller's groups and admin flag.
/// The local <c>admin</c> never comes here; it always signs in against the database, as in Harbor.
/// </summary>
public sealed class LdapLogin(LdapDirectory directory, IGrainFactory grains, ILogger<LdapLogin> logger)
{
    /// <summary>Whether <paramref name="username"/> signs in against the database even in LDAP mode.</summary>
    public static bool IsLocalOnly(string username) => string.Equals(username, RegistrySeeder.AdminUser, StringComparison.Ordinal);

    public async Task<LdapLoginResult> SignInAsync(BasicCredentials credentials, CancellationToken cancellationToken)
    {
        var bind = await directory.AuthenticateAsync(credentials.Username, credentials.Password, cancellationToken);
        if (bind.User is not { } entry)
        {
            return new LdapLoginResult(bind.Status, null);
        }

        var user = await OnboardAsync(entry, credentials.Username);
        if (user is null)
        {
            return new LdapLoginResult(LdapBindStatus.Rejected, null);
        }

        var groupDns = await GroupDnsOfAsync(entry, cancellationToken);
        var (groups, isAdmin) = LdapGroupMembership.Resolve(groupDns, directory.Settings);
        LdapLog.SignedIn(logger, user.Username, entry.Dn, user.UserId);
        // Harbor's AdminRoleInAuth: the admin group grants sysadmin for this sign-in only; the stored flag is untouched.
        return new LdapLoginResult(LdapBindStatus.Succeeded, new VerifiedLogin(isAdmin ? user with { IsAdmin = true } : user, groups));
    }

    /// <summary>
    /// Onboards the directory users named <paramref name="uids"/>, as Harbor's import does; returns the ones that
    /// failed with Harbor's reasons (<c>empty_uid</c>, <c>unknown_user</c>, <c>failed_search_user</c>).
    /// </summary>
    public async Task<IReadOnlyList<(string Uid, string Error)>> ImportAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken)
    {
        var failures = new List<(string, string)>();
        foreach (var uid in uids)
        {
            if (string.IsNullOrWhiteSpace(uid))
            {
                failures.Add((uid, "empty_uid"));
                continue;
            }

            IReadOnlyList<LdapUserEntry> found;
            try
            {
                found = await directory.SearchUsersAsync(uid, cancellationToken);
            }
            catch (LdapUnavailableException e)
            {
                LdapLog.Unavailable(logger, e.Message, e.InnerException);
                failures.Add((uid, "failed_search_user"));
                continue;
            }

            if (found.Count == 0 || await OnboardAsync(found[0], uid) is null)
            {
                failures.Add((uid, found.Count == 0 ? "unknown_user" : "failed to import user: " + uid));
            }
        }

        return failures;
    }

    private async Task<UserInfo?> OnboardAsync(LdapUserEntry entry, string typed)
    {
        // The directory's spelling wins (uid "alice" when "Alice" was typed), so one person gets one local user.
        var username = entry.Username.Length > 0 ? entry.Username : typed;
        if (IsLocalOnly(username) || username.Length > 255)
        {
            // A directory entry named admin must not become, or sign in as, the local administrator.
            return null;
        }

        return await grains.GetGrain<IUserGrain>(username).OnboardExternalAsync(new ExternalProfile(entry.Email, entry.Realname));
    }

    private async Task<IReadOnlyList<string>> GroupDnsOfAsync(LdapUserEntry entry, CancellationToken cancellationToken)
    {
        if (entry.GroupDns.Count > 0 || directory.Settings.GroupFilter.Length == 0)
        {
            return entry.GroupDns;
        }

        // No membership attribute on the entry (no memberOf overlay): ask the groups instead.
        try
        {
            var groups = await directory.SearchGroupsOfAsync(entry, cancellationToken);
            return groups.Select(g => g.Dn).ToList();
        }
        catch (LdapUnavailableException e)
        {
            LdapLog.GroupSearchFailed(logger, entry.Username, e.Message);
            return [];
        }
    }
}
