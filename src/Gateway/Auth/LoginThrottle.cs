using System.Net;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Decides whether a login attempt may run at all, before any password hash is computed: the hash is what
/// costs CPU, so refusing early is what keeps the gateway (and its health endpoint) responsive under a
/// brute-force attack. Failures are counted per username and per client address.
/// </summary>
/// <remarks>
/// In cluster mode each gateway keeps its own counters, so an attacker spread over M gateways gets up to M
/// times the limit; a shared limiter (e.g. a grain or the metadata store) is a later step.
/// </remarks>
public sealed class LoginThrottle
{
    private readonly FailureWindow? _users;
    private readonly FailureWindow? _addresses;

    public LoginThrottle(LoginThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return;
        }

        _users = new FailureWindow(options.MaxFailuresPerUser, options.Window, options.Lockout, options.MaxTrackedKeys);
        _addresses = new FailureWindow(options.MaxFailuresPerAddress, options.Window, options.Lockout, options.MaxTrackedKeys);
    }

    /// <summary>The longer of the two lockouts that apply to this attempt, or null when it may proceed.</summary>
    public TimeSpan? RetryAfter(string username, IPAddress? address, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(username);
        if (_users is null || _addresses is null)
        {
            return null;
        }

        var user = _users.RetryAfter(username, now);
        var client = address is null ? null : _addresses.RetryAfter(KeyOf(address), now);
        return (user, client) switch
        {
            (null, null) => null,
            ({ } u, null) => u,
            (null, { } c) => c,
            ({ } u, { } c) => u > c ? u : c,
        };
    }

    /// <summary>Counts a wrong password (or unknown user); returns the lockout it started, if any.</summary>
    public TimeSpan? RecordFailure(string username, IPAddress? address, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(username);
        if (_users is null || _addresses is null)
        {
            return null;
        }

        var user = _users.RecordFailure(username, now);
        var client = address is null ? null : _addresses.RecordFailure(KeyOf(address), now);
        return user ?? client;
    }

    /// <summary>
    /// A correct password clears the user's count. The address keeps its count: one valid account must not
    /// let an address keep guessing the passwords of others.
    /// </summary>
    public void RecordSuccess(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        _users?.Reset(username);
    }

    /// <summary>
    /// The per-address key. IPv4 clients seen through a dual-stack socket arrive as ::ffff:a.b.c.d and count as
    /// that IPv4 address. IPv6 clients count by /64: one subscriber usually holds a whole /64, and keying single
    /// addresses would let it rotate through 2^64 of them.
    /// </summary>
    public static string KeyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
