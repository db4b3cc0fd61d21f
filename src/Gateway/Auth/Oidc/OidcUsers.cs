using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>How resolving an OIDC identity to a registry user ended.</summary>
public enum OidcSignInStatus
{
    SignedIn = 0,
    /// <summary>The subject has no user and <see cref="OidcOptions.AutoOnboard"/> is off.</summary>
    NotOnboarded,
    /// <summary>The token carries no usable username to onboard with.</summary>
    NoUsername,
    /// <summary>Another user already has the username.</summary>
    UsernameTaken,
}

/// <summary>A signed-in OIDC user: who, and the groups that count for this request.</summary>
public sealed record OidcSignIn(OidcSignInStatus Status, UserInfo? User, IReadOnlyList<UserGroupRef> Groups)
{
    public static OidcSignIn Refused(OidcSignInStatus status) => new(status, null, []);
}

/// <summary>
/// Users from the OIDC provider: resolves validated identities to registry users (onboarding them on first use
/// when allowed), and keeps their CLI secrets, encrypted with a key held in the metadata store's settings like the
/// token signing key, so every gateway of a cluster reads the same secrets.
/// </summary>
public sealed class OidcUsers(IOidcUserMetadata store, ISettingsMetadata settings, IOptions<OidcOptions> options, TimeProvider clock, ILogger<OidcUsers> logger)
{
    private const string KeySetting = "auth.oidc-secret-key";
    private const int MaxUsernameLength = 255;

    private readonly Lock _gate = new();
    private Task<SecretProtector>? _protector;

    /// <summary>The user behind a validated ID token, onboarded now when it is new and auto-onboarding is on.</summary>
    public async Task<OidcSignIn> SignInAsync(OidcIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var user = await store.FindOidcUserAsync(identity.Issuer, identity.Subject, cancellationToken);
        if (user is null)
        {
            var onboarded = await OnboardAsync(identity, cancellationToken);
            if (onboarded.User is null)
            {
                OidcLog.UserRefused(logger, identity.Subject, onboarded.Status.ToString());
                return OidcSignIn.Refused(onboarded.Status);
            }

            user = onboarded.User;
        }
        else if (!user.Groups.SequenceEqual(identity.Groups, StringComparer.Ordinal))
        {
            // CLI logins carry no token: they get the groups of the latest sign-in with one.
            await store.SetOidcGroupsAsync(user.UserId, identity.Groups, clock.GetUtcNow(), cancellationToken);
        }

        return SignedIn(user, identity.Groups);
    }

    /// <summary>
    /// Checks a CLI secret: the user must be an OIDC user and the secret must match (in constant time). Null for
    /// anything else; local users are not OIDC users and never match here.
    /// </summary>
    public async Task<OidcSignIn?> VerifyCliSecretAsync(string username, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(username) || username.Length > MaxUsernameLength)
        {
            return null;
        }

        var user = await store.FindOidcUserByNameAsync(username, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var stored = (await GetProtectorAsync(cancellationToken)).Unprotect(user.EncryptedSecret, user.Issuer, user.Subject);
        if (stored is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(secret)))
        {
            return null;
        }

        return SignedIn(user, user.Groups);
    }

    /// <summary>Replaces the user's CLI secret; false when <paramref name="userId"/> is not an OIDC user.</summary>
    public async Task<bool> SetCliSecretAsync(long userId, string secret, CancellationToken cancellationToken)
    {
        var user = await store.FindOidcUserByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        var encrypted = (await GetProtectorAsync(cancellationToken)).Protect(secret, user.Issuer, user.Subject);
        return await store.SetOidcCliSecretAsync(userId, encrypted, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// The CLI secret in clear, for showing to its owner (Harbor's <c>oidc_user_meta.secret</c> of
    /// <c>GET /users/current</c>); null when the user is not an OIDC user.
    /// </summary>
    public async Task<string?> GetCliSecretAsync(long userId, CancellationToken cancellationToken) =>
        (await GetOwnMetaAsync(userId, cancellationToken))?.Secret;

    /// <summary>
    /// The user's OIDC link and CLI secret in clear, for showing to its owner only; null for users the provider
    /// did not onboard.
    /// </summary>
    public async Task<(OidcUserRecord User, string? Secret)?> GetOwnMetaAsync(long userId, CancellationToken cancellationToken)
    {
        var user = await store.FindOidcUserByIdAsync(userId, cancellationToken);
        return user is null ? null : (user, (await GetProtectorAsync(cancellationToken)).Unprotect(user.EncryptedSecret, user.Issuer, user.Subject));
    }

    private async Task<(OidcSignInStatus Status, OidcUserRecord? User)> OnboardAsync(OidcIdentity identity, CancellationToken cancellationToken)
    {
        if (!options.Value.AutoOnboard)
        {
            return (OidcSignInStatus.NotOnboarded, null);
        }

        if (identity.Username is not { Length: > 0 and <= MaxUsernameLength } username)
        {
            return (OidcSignInStatus.NoUsername, null);
        }

        var encrypted = (await GetProtectorAsync(cancellationToken)).Protect(HarborSecretRule.Generate(), identity.Issuer, identity.Subject);
        var result = await store.OnboardOidcUserAsync(
            new OidcOnboarding(username, identity.Issuer, identity.Subject, encrypted, identity.Groups), clock.GetUtcNow(), cancellationToken);
        switch (result.Status)
        {
            case OidcOnboardStatus.Onboarded:
                OidcLog.UserOnboarded(logger, username, identity.Subject, result.User!.UserId);
                return (OidcSignInStatus.SignedIn, result.User);
            case OidcOnboardStatus.AlreadyOnboarded:
                return (OidcSignInStatus.SignedIn, result.User);
            default:
                // A concurrent first sign-in of the same subject may have taken the name: then it is this user.
                var raced = await store.FindOidcUserAsync(identity.Issuer, identity.Subject, cancellationToken);
                return raced is null ? (OidcSignInStatus.UsernameTaken, null) : (OidcSignInStatus.SignedIn, raced);
        }
    }

    private OidcSignIn SignedIn(OidcUserRecord user, IReadOnlyList<string> groups) =>
        new(
            OidcSignInStatus.SignedIn,
            new UserInfo(user.UserId, user.Username, user.IsAdmin || OidcIdentity.IsAdminGroup(groups, options.Value)),
            groups.Select(g => new UserGroupRef(UserGroupType.Oidc, g)).ToList());

    private async Task<SecretProtector> GetProtectorAsync(CancellationToken cancellationToken)
    {
        Task<SecretProtector> pending;
        lock (_gate)
        {
            // A failed load (store briefly down) is retried by the next caller instead of being cached.
            if (_protector is null || _protector.IsFaulted || _protector.IsCanceled)
            {
                _protector = LoadProtectorAsync();
            }

            pending = _protector;
        }

        return await pending.WaitAsync(cancellationToken);
    }

    private async Task<SecretProtector> LoadProtectorAsync()
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var stored = await settings.GetOrAddSettingAsync(KeySetting, candidate, CancellationToken.None);
        return new SecretProtector(Convert.FromBase64String(stored));
    }
}
