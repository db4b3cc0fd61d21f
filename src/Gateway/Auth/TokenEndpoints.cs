using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Docker Registry v2 token server at <c>/service/token</c>: GET with Basic credentials (docker, podman,
/// skopeo, helm; <c>offline_token=true</c> adds a refresh token) and POST with the OAuth2 password and
/// refresh_token grants (containerd, oras, docker with a stored identity token).
/// Requested scopes are intersected with what the caller may do: what is not allowed is left out, never refused.
/// Users whose password lives in LDAP get no refresh tokens (as in Harbor, whose token service has none): a token
/// would outlive a password change or a disabled account in the directory, which the local stamp cannot see.
/// </summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/service/token", IssueFromQueryAsync);
        app.MapPost("/service/token", IssueFromFormAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> IssueFromQueryAsync(
        HttpContext context, RegistryAuthenticator authenticator, TokenIssuer issuer, RegistryTokenService tokens, IGrainFactory grains)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        switch (caller.Kind)
        {
            case CallerKind.Throttled:
                return LoginRefusals.Oci(context, caller.RetryAfter);
            case CallerKind.Invalid or CallerKind.Token:
                return Unauthorized(context);
            default:
                break;
        }

        var query = context.Request.Query;
        if (!RegistryScopeParser.TryParseAll(query["scope"].OfType<string>(), out var scopes, out var invalid))
        {
            return Results.Json(new { errors = new[] { new { code = "BAD_REQUEST", message = $"invalid scope '{invalid}'" } } }, statusCode: StatusCodes.Status400BadRequest);
        }

        string? refresh = null;
        if (caller.User is not null && string.Equals(query["offline_token"], "true", StringComparison.OrdinalIgnoreCase)
            && authenticator.IssuesRefreshTokens(caller.User.Username)
            && BasicCredentials.TryParse(context.Request.Headers.Authorization, out var credentials))
        {
            // A refresh token outlives the credential cache by far: check the password at the grain once more.
            var stamp = await grains.GetGrain<IUserGrain>(credentials.Username).GetCredentialStampAsync();
            var fresh = await authenticator.LoginAsync(credentials, context, bypassCache: true);
            if (fresh.Status == LoginStatus.Throttled)
            {
                return LoginRefusals.Oci(context, fresh.RetryAfter);
            }

            if (fresh.User is null || stamp is null)
            {
                return Unauthorized(context);
            }

            refresh = await tokens.IssueRefreshAsync(fresh.User, stamp, query["client_id"].ToString(), context.RequestAborted);
        }

        return await IssueAsync(caller, scopes, refresh, issuer, tokens, context.RequestAborted);
    }

    private static async Task<IResult> IssueFromFormAsync(
        HttpContext context, RegistryAuthenticator authenticator, TokenIssuer issuer, RegistryTokenService tokens,
        IGrainFactory grains, ILogger<RegistryTokenService> logger)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthError.BadRequest(OAuthError.InvalidRequest, "expected an application/x-www-form-urlencoded body");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            // Form limits (value count, key and value lengths) exceeded: bad input, not a server fault.
            return OAuthError.BadRequest(OAuthError.InvalidRequest, e.Message);
        }

        var grantType = form["grant_type"].ToString();
        var service = form["service"].ToString();
        var clientId = form["client_id"].ToString();
        if (grantType.Length == 0 || service.Length == 0 || clientId.Length == 0)
        {
            return OAuthError.BadRequest(OAuthError.InvalidRequest, "grant_type, service and client_id are required");
        }

        if (!string.Equals(service, RegistryTokenService.Service, StringComparison.Ordinal))
        {
            return OAuthError.BadRequest(OAuthError.InvalidRequest, $"unknown service '{service}'");
        }

        if (!RegistryScopeParser.TryParseAll(form["scope"].OfType<string>(), out var scopes, out var invalid))
        {
            return OAuthError.BadRequest(OAuthError.InvalidScope, $"invalid scope '{invalid}'");
        }

        switch (grantType)
        {
            case "password":
                var credentials = new BasicCredentials(form["username"].ToString(), form["password"].ToString());
                if (credentials.Username.Length == 0 || credentials.Password.Length == 0)
                {
                    return OAuthError.BadRequest(OAuthError.InvalidRequest, "username and password are required for the password grant");
                }

                // A refresh token outlives the credential cache by far, so offline logins are checked at the grain.
                // The stamp is read first: a password change racing this login leaves the token with the old
                // stamp, revoked at once, rather than binding it to credentials nobody presented.
                // Robots get no refresh tokens: their secret is the long-lived credential, checked on every login.
                // Directory and OIDC users get none either (see RegistryAuthenticator.IssuesRefreshTokens).
                var offline = string.Equals(form["access_type"], "offline", StringComparison.Ordinal)
                    && !RobotNames.TryParseUsername(credentials.Username, out _)
                    && authenticator.IssuesRefreshTokens(credentials.Username);
                var stamp = offline ? await grains.GetGrain<IUserGrain>(credentials.Username).GetCredentialStampAsync() : null;
                var outcome = await authenticator.LoginAsync(credentials, context, bypassCache: offline);
                if (outcome.Status == LoginStatus.Throttled)
                {
                    return LoginRefusals.Oci(context, outcome.RetryAfter);
                }

                if (outcome.Robot is { } robot)
                {
                    return await IssueAsync(RegistryCaller.ForRobot(robot), scopes, null, issuer, tokens, context.RequestAborted);
                }

                if (outcome.User is not { } user)
                {
                    return OAuthError.BadRequest(OAuthError.InvalidGrant, "invalid username or password");
                }

                var refresh = stamp is null ? null : await tokens.IssueRefreshAsync(user, stamp, clientId, context.RequestAborted);
                return await IssueAsync(new RegistryCaller(CallerKind.User, user, null), scopes, refresh, issuer, tokens, context.RequestAborted);

            case "refresh_token":
                var presented = form["refresh_token"].ToString();
                if (presented.Length == 0)
                {
                    return OAuthError.BadRequest(OAuthError.InvalidRequest, "refresh_token is required");
                }

                var holder = await RedeemAsync(presented, context, tokens, grains, logger);
                if (holder is not null && !authenticator.IssuesRefreshTokens(holder.Username))
                {
                    // Minted before the switch to LDAP or OIDC: the provider now decides, so the token no longer counts.
                    AuthLog.RefreshTokenRefused(logger, holder.Username, context.Connection.RemoteIpAddress, "the user signs in through LDAP or OIDC");
                    holder = null;
                }

                return holder is null
                    ? OAuthError.BadRequest(OAuthError.InvalidGrant, "the refresh token is invalid, expired or revoked")
                    // The spec: a refresh_token grant returns the same refresh token, not a new one.
                    : await IssueAsync(new RegistryCaller(CallerKind.User, holder, null), scopes, presented, issuer, tokens, context.RequestAborted);

            default:
                return OAuthError.BadRequest(OAuthError.UnsupportedGrantType, $"grant_type '{grantType}' is not supported; use password or refresh_token");
        }
    }

    /// <summary>
    /// The user a refresh token still stands for: signature, service and expiry checked by the codec, then the
    /// user grain must know the user with the same credential stamp (so a password change or deletion revokes it).
    /// </summary>
    private static async Task<UserInfo?> RedeemAsync(
        string presented, HttpContext context, RegistryTokenService tokens, IGrainFactory grains, ILogger logger)
    {
        var claims = await tokens.ReadRefreshAsync(presented, context.RequestAborted);
        if (claims is null)
        {
            AuthLog.RefreshTokenRefused(logger, string.Empty, context.Connection.RemoteIpAddress, "malformed, forged, expired or for another service");
            return null;
        }

        var grain = grains.GetGrain<IUserGrain>(claims.Subject);
        var stamp = await grain.GetCredentialStampAsync();
        var user = stamp is null ? null : await grain.GetAsync();
        if (user is null || user.UserId != claims.UserId
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(stamp!), System.Text.Encoding.ASCII.GetBytes(claims.CredentialStamp)))
        {
            AuthLog.RefreshTokenRefused(logger, claims.Subject, context.Connection.RemoteIpAddress, "user deleted or credentials changed");
            return null;
        }

        return user;
    }

    private static async Task<IResult> IssueAsync(
        RegistryCaller caller, IReadOnlyList<RegistryScope> scopes, string? refreshToken, TokenIssuer issuer, RegistryTokenService tokens, CancellationToken cancellationToken)
    {
        var access = await issuer.GrantAsync(caller, scopes, cancellationToken);
        var subject = caller.Robot is { } robot ? RobotNames.Full(robot.Name) : caller.User?.Username ?? string.Empty;
        var (token, claims) = await tokens.IssueAsync(subject, access, cancellationToken);
        return Results.Json(new TokenResponse(
            token,
            token,
            (int)(claims.ExpiresAt - claims.IssuedAt).TotalSeconds,
            claims.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            TokenGrants.Format(access),
            refreshToken));
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"artifactkeeper\"";
        return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "invalid credentials" } } }, statusCode: StatusCodes.Status401Unauthorized);
    }
}
