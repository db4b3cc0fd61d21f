using ArtifactKeeper.Access;
using ArtifactKeeper.Auth.Oidc;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth;

/// <summary>Turns a request's Authorization header into a <see cref="RegistryCaller"/>.</summary>
public sealed class RegistryAuthenticator(
    IGrainFactory grains,
    CredentialCache credentialCache,
    RegistryTokenService tokens,
    LoginThrottle throttle,
    TimeProvider clock,
    IOptions<AuthOptions> options,
    OidcBearerAuthenticator oidcBearer,
    OidcUsers oidcUsers,
    ILogger<RegistryAuthenticator> logger)
{
    // Harbor's local administrator, the one account that keeps its database password in LDAP and OIDC modes.
    private const long LocalAdminId = 1;

    private const string CallerItem = "ArtifactKeeper.Caller";

    // Harbor's limit. Longer names cannot exist, so they fail without a grain call; they are never used as a
    // throttle key or logged in full, which keeps both the throttle's memory and log lines bounded.
    private const int MaxUsernameLength = 255;

    public async ValueTask<RegistryCaller> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(CallerItem, out var known) && known is RegistryCaller cached)
        {
            return cached;
        }

        var caller = await ResolveAsync(context);
        context.Items[CallerItem] = caller;
        return caller;
    }

    /// <summary>
    /// Checks a username and password (Basic auth, token endpoint, OAuth2 password grant) for a request of
    /// <paramref name="context"/>. The throttle is asked first, before the credential cache (or a correct guess
    /// would answer differently from a wrong one during a lockout) and before the password hash.
    /// <paramref name="bypassCache"/> asks the user grain even when the cache knows the credentials: the cache
    /// may still accept a password changed elsewhere in the last minutes, which must not mint a refresh token.
    /// </summary>
    public async ValueTask<LoginOutcome> LoginAsync(BasicCredentials credentials, HttpContext context, bool bypassCache = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (credentials.Username.Length > MaxUsernameLength)
        {
            AuthLog.LoginFailed(logger, credentials.Username[..32] + "...", address, context.Request.Path);
            throttle.RecordFailure(string.Empty, address, clock.GetUtcNow());
            return LoginOutcome.Failed;
        }

        if (throttle.RetryAfter(credentials.Username, address, clock.GetUtcNow()) is { } wait)
        {
            AuthLog.LoginThrottled(logger, credentials.Username, address, context.Request.Path, Math.Ceiling(wait.TotalSeconds));
            return LoginOutcome.Throttled(wait);
        }

        if (options.Value.Mode == AuthMode.Oidc
            && CliSecretScope.Allows(context.Request.Method, context.Request.Path)
            && await oidcUsers.VerifyCliSecretAsync(credentials.Username, credentials.Password, context.RequestAborted) is { User: { } oidcUser } signIn)
        {
            // Not cached: a new CLI secret must end the old one at once, as Harbor promises.
            throttle.RecordSuccess(credentials.Username);
            return LoginOutcome.Success(oidcUser) with { Groups = signIn.Groups };
        }

        var user = bypassCache ? null : credentialCache.TryGet(credentials);
        if (user is null && credentials.Username.Length > 0)
        {
            user = await grains.GetGrain<IUserGrain>(credentials.Username).VerifyPasswordAsync(credentials.Password);
            if (user is not null)
            {
                credentialCache.Add(credentials, user);
            }
        }

        if (user is not null && (options.Value.Mode != AuthMode.Oidc || user.UserId == LocalAdminId))
        {
            throttle.RecordSuccess(credentials.Username);
            return LoginOutcome.Success(user);
        }

        AuthLog.LoginFailed(logger, credentials.Username, address, context.Request.Path);
        if (throttle.RecordFailure(credentials.Username, address, clock.GetUtcNow()) is { } lockout)
        {
            AuthLog.LoginLockedOut(logger, credentials.Username, address, lockout.TotalSeconds);
        }

        return LoginOutcome.Failed;
    }

    private async ValueTask<RegistryCaller> ResolveAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            return RegistryCaller.Anonymous;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[7..].Trim();
            if (oidcBearer.ClaimsProviderIssuer(token))
            {
                return await oidcBearer.AuthenticateAsync(token, context);
            }

            var claims = await tokens.ValidateAsync(token, context.RequestAborted);
            return claims is null ? RegistryCaller.Invalid : new RegistryCaller(CallerKind.Token, null, claims);
        }

        if (BasicCredentials.TryParse(authorization, out var credentials))
        {
            var outcome = await LoginAsync(credentials, context);
            return outcome.Status switch
            {
                LoginStatus.Succeeded => new RegistryCaller(CallerKind.User, outcome.User, null) { Groups = outcome.Groups },
                LoginStatus.Throttled => RegistryCaller.Throttled(outcome.RetryAfter),
                _ => RegistryCaller.Invalid,
            };
        }

        return RegistryCaller.Invalid;
    }
}
