using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// The configured provider's discovery document and signing keys, cached. They are reloaded when older than
/// <see cref="MaxAge"/>, and early when a token names a key id the set does not know (the provider rotated its
/// keys) — but at most once per <see cref="MinRefreshInterval"/>, and concurrent callers share one load, so a
/// flood of tokens with made-up key ids costs the provider at most one request pair per interval.
/// </summary>
public sealed class OidcSigningKeys(OidcProviderClient client, IOptions<OidcOptions> options, TimeProvider clock, ILogger<OidcSigningKeys> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private volatile Loaded? _current;
    private Task<Loaded?>? _loading;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>The key set to check a token naming <paramref name="keyId"/> with; null when the provider cannot be read.</summary>
    public async Task<JsonWebKeySet?> GetAsync(string? keyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = _current;
        var stale = current is null || now - current.LoadedAt >= MaxAge;
        var unknownKey = current is not null && keyId is not null && !current.Keys.Contains(keyId);
        if (!stale && !unknownKey)
        {
            return current!.Keys;
        }

        Task<Loaded?>? load = null;
        lock (_gate)
        {
            if (_loading is { IsCompleted: false })
            {
                load = _loading;
            }
            else if (now - _lastAttempt >= MinRefreshInterval)
            {
                _lastAttempt = now;
                load = _loading = LoadAsync();
            }
        }

        if (load is not null)
        {
            await load.WaitAsync(cancellationToken);
        }

        // A failed reload keeps serving the keys already known: a provider hiccup must not sign everybody out.
        return _current?.Keys;
    }

    private async Task<Loaded?> LoadAsync()
    {
        var settings = options.Value;
        var (discovery, error) = await client.GetDiscoveryAsync(settings.Endpoint, settings.VerifyCertificate, CancellationToken.None);
        if (discovery is null)
        {
            OidcLog.ProviderUnavailable(logger, settings.Endpoint, error ?? "unknown error");
            return null;
        }

        var (keys, keysError) = await client.GetKeysAsync(discovery.JwksUri, settings.VerifyCertificate, CancellationToken.None);
        if (keys is null)
        {
            OidcLog.ProviderUnavailable(logger, settings.Endpoint, keysError ?? "unknown error");
            return null;
        }

        var loaded = new Loaded(discovery, keys, clock.GetUtcNow());
        _current = loaded;
        OidcLog.KeysRefreshed(logger, settings.Endpoint, keys.Count);
        return loaded;
    }

    private sealed record Loaded(OidcDiscoveryDocument Discovery, JsonWebKeySet Keys, DateTimeOffset LoadedAt);
}
