using System.DirectoryServices.Protocols;
using System.Net;
using ArtifactKeeper.Access;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>
/// The conversation with the LDAP server: look a user up with the search account, bind as the user to check a
/// password, list users and groups, and test settings (Harbor's ping). Each call opens its own connection, so
/// nothing bound as one user is ever reused for another. Connection failures surface as
/// <see cref="LdapUnavailableException"/> (or <see cref="LdapBindStatus.Unavailable"/>); the search password
/// never appears in an exception message or a log line.
/// </summary>
public sealed class LdapDirectory(IOptions<LdapOptions> configured, ILogger<LdapDirectory> logger)
{
    // Enough for a picker in the portal; a directory bigger than this needs a narrower search term.
    private const int MaxSearchResults = 1000;

    // libldap result codes (RFC 4511 and ldap.h) that mean "could not talk to the server" rather than "no".
    private const int InvalidCredentials = 49;

    private static readonly string[] UserAttributesBase = ["uid", "cn", "displayName", "mail", "email"];

    public LdapOptions Settings => configured.Value;

    /// <summary>Checks <paramref name="password"/> for <paramref name="username"/>: search as the search account, then bind as the one entry found.</summary>
    public async Task<LdapBindResult> AuthenticateAsync(string username, string password, CancellationToken cancellationToken)
    {
        // An empty password makes a simple bind "unauthenticated", which servers accept for any DN (RFC 4513 5.1.2).
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return LdapBindResult.Rejected;
        }

        var settings = Settings;
        var filter = LdapFilter.ForUser(settings.Filter, settings.UidAttribute, username);
        try
        {
            // One connection, as Harbor's session: search as the search account, then re-bind as the one user found.
            var (found, user) = await RunAsync(
                settings,
                connection =>
                {
                    var entries = Search(connection, settings, settings.BaseDn, ToScope(settings.Scope), filter, UserAttributes(settings), 2);
                    if (entries.Count != 1)
                    {
                        return (entries.Count, (LdapUserEntry?)null);
                    }

                    var entry = ToUser(entries[0], settings);
                    try
                    {
                        connection.Bind(new NetworkCredential(entry.Dn, password));
                        return (1, entry);
                    }
                    catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
                    {
                        return (1, null);
                    }
                },
                cancellationToken);
            if (found > 1)
            {
                LdapLog.AmbiguousUser(logger, username);
            }

            return user is null ? LdapBindResult.Rejected : new LdapBindResult(LdapBindStatus.Succeeded, user);
        }
        catch (LdapUnavailableException e)
        {
            LdapLog.Unavailable(logger, e.Message, e.InnerException);
            return LdapBindResult.Unavailable;
        }
    }

    /// <summary>The user named <paramref name="username"/> exactly, or every user when empty (bounded).</summary>
    public Task<IReadOnlyList<LdapUserEntry>> SearchUsersAsync(string username, CancellationToken cancellationToken)
    {
        var settings = Settings;
        return SearchUsersAsync(settings, LdapFilter.ForUserSearch(settings.Filter, settings.UidAttribute, username), MaxSearchResults, cancellationToken);
    }

    /// <summary>
    /// Groups under the group base DN named <paramref name="groupName"/>, or else the group at <paramref name="groupDn"/>
    /// (which must lie under the group base DN, as in Harbor); either way within the group filter.
    /// </summary>
    public async Task<IReadOnlyList<LdapGroupEntry>> SearchGroupsAsync(string groupName, string groupDn, CancellationToken cancellationToken)
    {
        var settings = Settings;
        if (groupName.Length > 0)
        {
            return await SearchGroupsAsync(settings, settings.EffectiveGroupBaseDn, ToScope(settings.GroupSearchScope),
                LdapFilter.ForGroup(settings.GroupFilter, settings.GroupNameAttribute, groupName), cancellationToken);
        }

        if (!LdapDn.TryParse(groupDn, out var dn) || !LdapDn.TryParse(settings.EffectiveGroupBaseDn, out var groupBase) || !dn.IsUnder(groupBase))
        {
            return [];
        }

        return await SearchGroupsAsync(settings, groupDn, SearchScope.Base,
            LdapFilter.ForGroup(settings.GroupFilter, settings.GroupNameAttribute, string.Empty), cancellationToken);
    }

    /// <summary>Groups that list <paramref name="user"/> as a member, for directories without a memberOf attribute.</summary>
    public Task<IReadOnlyList<LdapGroupEntry>> SearchGroupsOfAsync(LdapUserEntry user, CancellationToken cancellationToken)
    {
        var settings = Settings;
        return SearchGroupsAsync(settings, settings.EffectiveGroupBaseDn, ToScope(settings.GroupSearchScope),
            LdapFilter.ForGroupsOf(settings.GroupFilter, user.Dn, user.Username), cancellationToken);
    }

    /// <summary>
    /// Harbor's ping: can <paramref name="settings"/> reach the server and bind as the search account? Answers
    /// in words for the operator; never throws for a bad server.
    /// </summary>
    public async Task<LdapPingOutcome> PingAsync(LdapOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!LdapUrl.TryParse(settings.Url, out _))
        {
            return new LdapPingOutcome(false, "error: invalid ldap url");
        }

        if (settings.SearchDn.Length == 0)
        {
            return new LdapPingOutcome(false, "error: empty search dn");
        }

        if (settings.SearchPassword.Length == 0)
        {
            return new LdapPingOutcome(false, "error: empty password");
        }

        try
        {
            var bound = await RunAsync(
                settings,
                connection =>
                {
                    try
                    {
                        connection.Bind(new NetworkCredential(settings.SearchDn, settings.SearchPassword));
                        return true;
                    }
                    catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
                    {
                        return false;
                    }
                },
                cancellationToken);
            return bound ? new LdapPingOutcome(true, string.Empty) : new LdapPingOutcome(false, "error: invalid credential");
        }
        catch (LdapUnavailableException e)
        {
            LdapLog.PingFailed(logger, e.Message, e.InnerException);
            return new LdapPingOutcome(false, "error: fail to ping LDAP server: " + e.Message);
        }
    }

    /// <summary>Whether the configured server answers and accepts the search account; for health, so it never throws.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var settings = Settings;
        try
        {
            return await RunAsync(
                settings,
                connection =>
                {
                    BindSearchAccount(connection, settings);
                    return true;
                },
                cancellationToken);
        }
        catch (LdapUnavailableException e)
        {
            LdapLog.Unavailable(logger, e.Message, e.InnerException);
            return false;
        }
    }

    private static async Task<IReadOnlyList<LdapUserEntry>> SearchUsersAsync(LdapOptions settings, string filter, int limit, CancellationToken cancellationToken)
    {
        var entries = await SearchAsync(settings, settings.BaseDn, ToScope(settings.Scope), filter, UserAttributes(settings), limit, cancellationToken);
        return entries.Select(e => ToUser(e, settings)).ToList();
    }

    private static async Task<IReadOnlyList<LdapGroupEntry>> SearchGroupsAsync(
        LdapOptions settings, string baseDn, SearchScope scope, string filter, CancellationToken cancellationToken)
    {
        var entries = await SearchAsync(settings, baseDn, scope, filter, [settings.GroupNameAttribute], MaxSearchResults, cancellationToken);
        return entries.Select(e => new LdapGroupEntry(e.DistinguishedName, First(e, settings.GroupNameAttribute) is { Length: > 0 } name ? name : e.DistinguishedName))
            .ToList();
    }

    private static Task<List<SearchResultEntry>> SearchAsync(
        LdapOptions settings, string baseDn, SearchScope scope, string filter, string[] attributes, int limit, CancellationToken cancellationToken) =>
        RunAsync(settings, connection => Search(connection, settings, baseDn, scope, filter, attributes, limit), cancellationToken);

    /// <summary>Binds as the search account and searches; a missing base is no entries, a size limit hit keeps what came.</summary>
    private static List<SearchResultEntry> Search(
        LdapConnection connection, LdapOptions settings, string baseDn, SearchScope scope, string filter, string[] attributes, int limit)
    {
        BindSearchAccount(connection, settings);
        var request = new SearchRequest(baseDn, filter, scope, attributes) { SizeLimit = limit, TimeLimit = settings.Timeout };
        try
        {
            var response = (SearchResponse)connection.SendRequest(request);
            return response.Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            return [];
        }
        catch (DirectoryOperationException e) when (e.Response is SearchResponse { ResultCode: ResultCode.SizeLimitExceeded } partial)
        {
            return partial.Entries.Cast<SearchResultEntry>().ToList();
        }
    }

    private static void BindSearchAccount(LdapConnection connection, LdapOptions settings)
    {
        try
        {
            if (settings.SearchDn.Length == 0)
            {
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
            }
            else
            {
                connection.Bind(new NetworkCredential(settings.SearchDn, settings.SearchPassword));
            }
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            // A configuration fault, not the signing-in user's: reported as unavailable, without the password.
            throw new LdapUnavailableException("the search DN was refused by the LDAP server (check SearchDn and SearchPassword)", e);
        }
    }

    /// <summary>Runs blocking libldap calls off the request thread, mapping transport failures to <see cref="LdapUnavailableException"/>.</summary>
    private static Task<T> RunAsync<T>(LdapOptions settings, Func<LdapConnection, T> work, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                if (!LdapUrl.TryParse(settings.Url, out var url))
                {
                    throw new LdapUnavailableException("the LDAP URL is invalid");
                }

                try
                {
                    using var connection = Open(url, settings);
                    return work(connection);
                }
                catch (LdapException e)
                {
                    throw new LdapUnavailableException($"LDAP server {url.Host}:{url.Port} failed: {e.Message} (code {e.ErrorCode})", e);
                }
                catch (DirectoryOperationException e)
                {
                    throw new LdapUnavailableException($"LDAP server {url.Host}:{url.Port} refused the request: {e.Response?.ResultCode}", e);
                }
                catch (DirectoryException e)
                {
                    throw new LdapUnavailableException($"LDAP server {url.Host}:{url.Port} failed: {e.Message}", e);
                }
            },
            cancellationToken);

    private static LdapConnection Open(LdapUrl url, LdapOptions settings)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, url.Port, fullyQualifiedDnsHostName: false, connectionless: false))
        {
            AuthType = AuthType.Basic,
            Timeout = settings.Timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (url.Secure)
        {
            connection.SessionOptions.SecureSocketLayer = true;
            if (!settings.VerifyCertificate && OperatingSystem.IsWindows())
            {
                // Elsewhere libldap decides (LDAPTLS_REQCERT); the callback is Windows-only in System.DirectoryServices.Protocols.
                connection.SessionOptions.VerifyServerCertificate = (_, _) => true;
            }
        }

        return connection;
    }

    private static string[] UserAttributes(LdapOptions settings) =>
        UserAttributesBase.Append(settings.UidAttribute).Append(settings.GroupMembershipAttribute).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static LdapUserEntry ToUser(SearchResultEntry entry, LdapOptions settings)
    {
        var username = First(entry, settings.UidAttribute);
        var realname = First(entry, "displayName") is { Length: > 0 } display ? display
            : First(entry, "cn") is { Length: > 0 } cn ? cn : username;
        var email = First(entry, "mail") is { Length: > 0 } mail ? mail : First(entry, "email");
        var groups = Values(entry, settings.GroupMembershipAttribute).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        return new LdapUserEntry(entry.DistinguishedName, username, realname, email, groups);
    }

    private static string First(SearchResultEntry entry, string attribute) => Values(entry, attribute).FirstOrDefault()?.Trim() ?? string.Empty;

    private static IEnumerable<string> Values(SearchResultEntry entry, string attribute)
    {
        // Attribute names are case-insensitive, and servers answer in their own case (memberOf for memberof).
        foreach (string name in entry.Attributes.AttributeNames)
        {
            if (string.Equals(name, attribute, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in entry.Attributes[name].GetValues(typeof(string)))
                {
                    yield return (string)value;
                }
            }
        }
    }

    private static SearchScope ToScope(LdapScope scope) => scope switch
    {
        LdapScope.Base => SearchScope.Base,
        LdapScope.OneLevel => SearchScope.OneLevel,
        _ => SearchScope.Subtree,
    };
}
