namespace ArtifactKeeper.Auth;

/// <summary>
/// Login throttling (<c>ArtifactKeeper:Auth:LoginThrottle</c>). Failed password checks are counted per username
/// and per client address over a sliding <see cref="Window"/>; reaching a limit locks that key out for
/// <see cref="Lockout"/>.
/// </summary>
public sealed class LoginThrottleOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failures for one username (known or not) before it is locked out.</summary>
    public int MaxFailuresPerUser { get; set; } = 5;

    /// <summary>
    /// Failures from one client address (an IPv6 client by its /64) before it is locked out. Higher than the per-user limit because many
    /// users can share an address (NAT, CI runners) and one user's typos must not lock out the others.
    /// The address is the connection's peer: behind a reverse proxy or ingress that is the proxy, shared by
    /// every client, unless forwarded headers are applied first.
    /// </summary>
    public int MaxFailuresPerAddress { get; set; } = 30;

    /// <summary>How far back failures count.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a key stays locked once it reached its limit.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Keys remembered per kind; beyond it the least recently failed key is forgotten (bounded memory).</summary>
    public int MaxTrackedKeys { get; set; } = 10_000;
}
