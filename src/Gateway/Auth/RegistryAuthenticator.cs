using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.Auth.Oidc;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth;

/// <summary>Turns a request's Authorization header into a <see cref="RegistryCaller"/>.</summary>
public sealed class RegistryAuthenticator(
    IGrainFactory grains,
    CredentialCache credentialCache,
    RobotCredentials robots,
    RegistryTokenService tokens,
    LoginThrottle throttle,
    IAuditLog audit,
    LdapLogin ldap,
    IOptions<AuthOptions> options,
    TimeProvider clock,
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
        var isRobot = RobotNames.TryParseUsername(credentials.Username, out var robotName);
        if (credentials.Username.Length > MaxUsernameLength && !isRobot)
        {
            AuthLog.LoginFailed(logger, credentials.Username[..32] + "...", address, context.Request.Path);
            audit.Record(AuditEvents.LoginFailed(credentials.Username[..32] + "...", address, clock.GetUtcNow()));
            throttle.RecordFailure(string.Empty, address, clock.GetUtcNow());
            return LoginOutcome.Failed;
        }

        if (throttle.RetryAfter(credentials.Username, address, clock.GetUtcNow()) is { } wait)
        {
            AuthLog.LoginThrottled(logger, credentials.Username, address, context.Request.Path, Math.Ceiling(wait.TotalSeconds));
            return LoginOutcome.Throttled(wait);
        }

        if (isRobot)
        {
            return await RobotLoginAsync(credentials, robotName!, context);
        }

        if (options.Value.Mode == AuthMode.Oidc
            && CliSecretScope.Allows(context.Request.Method, context.Request.Path)
            && await oidcUsers.VerifyCliSecretAsync(credentials.Username, credentials.Password, context.RequestAborted) is { User: { } oidcUser } signIn)
        {
            // Not cached: a new CLI secret must end the old one at once, as Harbor promises.
            throttle.RecordSuccess(credentials.Username);
            return LoginOutcome.Success(new VerifiedLogin(oidcUser, signIn.Groups));
        }

        var login = bypassCache ? null : credentialCache.TryGet(credentials);
        if (login is null && credentials.Username.Length > 0)
        {
            var (verified, unavailable) = await VerifyPasswordAsync(credentials, context.RequestAborted);
            if (unavailable)
            {
                // The directory's outage is not the user's failure: no throttle strike, the error is logged by LDAP.
                AuthLog.LoginUnverifiable(logger, credentials.Username, address, context.Request.Path);
                return LoginOutcome.Failed;
            }

            login = verified;
            if (login is not null)
            {
                credentialCache.Add(credentials, login);
            }
        }

        // In OIDC mode only the local admin signs in with a database password; everyone else uses a CLI secret.
        if (login is not null && (options.Value.Mode != AuthMode.Oidc || login.User.UserId == LocalAdminId))
        {
            throttle.RecordSuccess(credentials.Username);
            return LoginOutcome.Success(login);
        }

        AuthLog.LoginFailed(logger, credentials.Username, address, context.Request.Path);
        audit.Record(AuditEvents.LoginFailed(credentials.Username, address, clock.GetUtcNow()));
        if (throttle.RecordFailure(credentials.Username, address, clock.GetUtcNow()) is { } lockout)
        {
            AuthLog.LoginLockedOut(logger, credentials.Username, address, lockout.TotalSeconds);
        }

        return LoginOutcome.Failed;
    }

    /// <summary>
    /// Robots are never served from the credential cache: disabling, deleting or re-keying a robot must refuse
    /// its very next request. The robot grain keeps that check cheap.
    /// </summary>
    private async ValueTask<LoginOutcome> RobotLoginAsync(BasicCredentials credentials, string robotName, HttpContext context)
    {
        var login = await robots.VerifyAsync(robotName, credentials.Password);
        if (login.Status == RobotLoginStatus.Accepted)
        {
            throttle.RecordSuccess(credentials.Username);
            return LoginOutcome.Success(login.Robot!);
        }

        var address = context.Connection.RemoteIpAddress;
        AuthLog.RobotLoginRefused(logger, credentials.Username, address, context.Request.Path, login.Status switch
        {
            RobotLoginStatus.Disabled => "disabled",
            RobotLoginStatus.Expired => "expired",
            _ => "unknown robot or wrong secret",
        });
        audit.Record(AuditEvents.LoginFailed(credentials.Username, address, clock.GetUtcNow()));
        if (throttle.RecordFailure(credentials.Username, address, clock.GetUtcNow()) is { } lockout)
        {
            AuthLog.LoginLockedOut(logger, credentials.Username, address, lockout.TotalSeconds);
        }

        return LoginOutcome.Failed;
    }

    /// <summary>
    /// Whether <paramref name="username"/>'s password is checked by the user grain (database mode, or the local
    /// admin in LDAP mode) rather than by the directory.
    /// </summary>
    public bool ChecksPasswordLocally(string username) => options.Value.Mode != AuthMode.Ldap || LdapLogin.IsLocalOnly(username);

    /// <summary>
    /// Whether a login of <paramref name="username"/> may get a refresh token: only when its credential is a
    /// password the user grain holds, whose change revokes the token through the credential stamp. Directory
    /// and OIDC users get none: a password changed in the directory, or a new CLI secret, would not revoke it.
    /// </summary>
    public bool IssuesRefreshTokens(string username) => options.Value.Mode == AuthMode.Database || LdapLogin.IsLocalOnly(username);

    /// <summary>
    /// Asks where the password lives: LDAP in LDAP mode (except the local admin, as in Harbor), else the user grain.
    /// <c>Unavailable</c> means the directory could not be asked at all.
    /// </summary>
    private async Task<(VerifiedLogin? Login, bool Unavailable)> VerifyPasswordAsync(BasicCredentials credentials, CancellationToken cancellationToken)
    {
        if (!ChecksPasswordLocally(credentials.Username))
        {
            var result = await ldap.SignInAsync(credentials, cancellationToken);
            return (result.Login, result.Status == LdapBindStatus.Unavailable);
        }

        var user = await grains.GetGrain<IUserGrain>(credentials.Username).VerifyPasswordAsync(credentials.Password);
        return (user is null ? null : VerifiedLogin.Local(user), false);
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
                LoginStatus.Succeeded when outcome.Robot is { } robot => RegistryCaller.ForRobot(robot),
                LoginStatus.Succeeded => new RegistryCaller(CallerKind.User, outcome.User, null) { Groups = outcome.Groups },
                LoginStatus.Throttled => RegistryCaller.Throttled(outcome.RetryAfter),
                _ => RegistryCaller.Invalid,
            };
        }

        return RegistryCaller.Invalid;
    }
}
