using System.Security.Cryptography;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Owns the token signer and the refresh-token codec. The HMAC key lives in the metadata store so every
/// gateway of a cluster signs and verifies with the same key; it is created once, on first use.
/// </summary>
public sealed class RegistryTokenService(ISettingsMetadata settings, TimeProvider clock, IOptions<AuthOptions> options)
{
    public const string Service = "artifactkeeper";
    public const string Issuer = "artifactkeeper-token-issuer";
    private const string KeySetting = "auth.token-signing-key";

    private readonly Lock _gate = new();
    private Task<(RegistryTokenSigner Signer, RefreshTokenCodec Refresh)>? _keys;

    public async ValueTask<RegistryTokenSigner> GetSignerAsync(CancellationToken cancellationToken) =>
        (await GetKeysAsync(cancellationToken)).Signer;

    public async Task<(string Token, RegistryTokenClaims Claims)> IssueAsync(string subject, IReadOnlyList<TokenAccess> access, CancellationToken cancellationToken)
    {
        var signer = await GetSignerAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var claims = new RegistryTokenClaims(subject, Service, now, now + options.Value.TokenLifetime, access);
        return (signer.Issue(claims), claims);
    }

    public async Task<RegistryTokenClaims?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var signer = await GetSignerAsync(cancellationToken);
        return signer.TryValidate(token, Service, clock.GetUtcNow(), out var claims) ? claims : null;
    }

    /// <summary>A refresh token for <paramref name="user"/> whose credentials currently carry <paramref name="credentialStamp"/>.</summary>
    public async Task<string> IssueRefreshAsync(UserInfo user, string credentialStamp, string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var keys = await GetKeysAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return keys.Refresh.Issue(new RefreshTokenClaims(
            user.Username, user.UserId, Service, credentialStamp, clientId, now, now + options.Value.RefreshTokenLifetime));
    }

    /// <summary>
    /// The claims of a well-formed, correctly signed, unexpired refresh token for this service, else null.
    /// Whether the user still exists with the same credentials is the caller's question (the user grain's answer).
    /// </summary>
    public async Task<RefreshTokenClaims?> ReadRefreshAsync(string token, CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(cancellationToken);
        return keys.Refresh.TryRead(token, Service, clock.GetUtcNow(), out var claims) ? claims : null;
    }

    private async ValueTask<(RegistryTokenSigner Signer, RefreshTokenCodec Refresh)> GetKeysAsync(CancellationToken cancellationToken)
    {
        if (_keys is { IsCompletedSuccessfully: true } loaded)
        {
            return loaded.Result;
        }

        Task<(RegistryTokenSigner, RefreshTokenCodec)> pending;
        lock (_gate)
        {
            // A failed load (store briefly down) is retried by the next caller instead of being cached.
            if (_keys is null || _keys.IsFaulted || _keys.IsCanceled)
            {
                _keys = LoadKeysAsync();
            }

            pending = _keys;
        }

        return await pending.WaitAsync(cancellationToken);
    }

    private async Task<(RegistryTokenSigner, RefreshTokenCodec)> LoadKeysAsync()
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var stored = Convert.FromBase64String(await settings.GetOrAddSettingAsync(KeySetting, candidate, CancellationToken.None));
        return (new RegistryTokenSigner(stored, Issuer), new RefreshTokenCodec(RefreshTokenCodec.DeriveKey(stored)));
    }
}
