using System.Security.Cryptography;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Owns the token signer. The HMAC key lives in the metadata store so every gateway of a cluster
/// signs and verifies with the same key; it is created once, on first use.
/// </summary>
public sealed class RegistryTokenService(ISettingsMetadata settings, TimeProvider clock, IOptions<AuthOptions> options)
{
    public const string Service = "artifactkeeper";
    public const string Issuer = "artifactkeeper-token-issuer";
    private const string KeySetting = "auth.token-signing-key";

    private readonly Lock _gate = new();
    private Task<RegistryTokenSigner>? _signer;

    public async ValueTask<RegistryTokenSigner> GetSignerAsync(CancellationToken cancellationToken)
    {
        if (_signer is { IsCompletedSuccessfully: true } loaded)
        {
            return loaded.Result;
        }

        Task<RegistryTokenSigner> pending;
        lock (_gate)
        {
            // A failed load (store briefly down) is retried by the next caller instead of being cached.
            if (_signer is null || _signer.IsFaulted || _signer.IsCanceled)
            {
                _signer = LoadSignerAsync();
            }

            pending = _signer;
        }

        return await pending.WaitAsync(cancellationToken);
    }

    private async Task<RegistryTokenSigner> LoadSignerAsync()
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var stored = await settings.GetOrAddSettingAsync(KeySetting, candidate, CancellationToken.None);
        return new RegistryTokenSigner(Convert.FromBase64String(stored), Issuer);
    }

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
}
