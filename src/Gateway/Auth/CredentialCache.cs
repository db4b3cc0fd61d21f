using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Remembers recent successful password checks. PBKDF2 costs tens of milliseconds by design and an LDAP
/// check two directory round trips; a client sending Basic on every request must not pay either each time.
/// Keys are hashes of the credentials, so no password is held in memory longer than the request.
/// </summary>
public sealed class CredentialCache(TimeProvider clock)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, (VerifiedLogin Login, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public VerifiedLogin? TryGet(BasicCredentials credentials)
    {
        var key = KeyOf(credentials);
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > clock.GetUtcNow())
            {
                return entry.Login;
            }

            _entries.TryRemove(key, out _);
        }

        return null;
    }

    public void Add(BasicCredentials credentials, VerifiedLogin login)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[KeyOf(credentials)] = (login, clock.GetUtcNow() + Ttl);
    }

    /// <summary>
    /// Drops every remembered login of <paramref name="username"/>, so a changed password, a removed admin
    /// flag or a deleted account takes effect on this gateway at once rather than when the entry expires.
    /// </summary>
    public void Forget(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        foreach (var (key, entry) in _entries)
        {
            if (string.Equals(entry.Login.User.Username, username, StringComparison.Ordinal))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private static string KeyOf(BasicCredentials credentials) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.Username + "\0" + credentials.Password)));
}
