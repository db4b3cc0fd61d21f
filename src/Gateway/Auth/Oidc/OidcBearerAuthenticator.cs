using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Harbor's ID-token security context: in OIDC mode a provider's ID token sent as <c>Authorization: Bearer</c> on
/// <c>/api</c> and <c>/service/token</c> identifies its user. Registry tokens also arrive as Bearer; the two are told
/// apart by their (unverified) issuer and each is then checked only by its own validator, so neither can pass as
/// the other: a registry token is HS256, which the ID-token validator never accepts, and an ID token never reaches
/// the registry token validator.
/// </summary>
public sealed class OidcBearerAuthenticator(
    OidcSigningKeys keys,
    OidcUsers users,
    IOptions<OidcOptions> options,
    IOptions<AuthOptions> auth,
    TimeProvider clock,
    ILogger<OidcBearerAuthenticator> logger)
{
    public bool Enabled => auth.Value.Mode == AuthMode.Oidc;

    /// <summary>Whether <paramref name="token"/> claims to come from the configured provider (not yet verified).</summary>
    public bool ClaimsProviderIssuer(string token) =>
        Enabled && string.Equals(IdTokenValidator.PeekIssuer(token), options.Value.Endpoint, StringComparison.Ordinal);

    /// <summary>Where Harbor accepts ID tokens: the API and the token service, never <c>/v2</c>.</summary>
    public static bool AcceptsIdTokens(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/service/token");

    public async Task<RegistryCaller> AuthenticateAsync(string token, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AcceptsIdTokens(context.Request.Path) || !IdTokenValidator.TryReadHeader(token, out _, out var keyId))
        {
            OidcLog.TokenRefused(logger, context.Connection.RemoteIpAddress, IdTokenStatus.Malformed, null);
            return RegistryCaller.Invalid;
        }

        var keySet = await keys.GetAsync(keyId, context.RequestAborted);
        if (keySet is null)
        {
            return RegistryCaller.Invalid;
        }

        var settings = options.Value;
        var validation = IdTokenValidator.Validate(token, keySet, new IdTokenExpectations(settings.Endpoint, settings.ClientId, clock.GetUtcNow()));
        if (!validation.IsValid)
        {
            OidcLog.TokenRefused(logger, context.Connection.RemoteIpAddress, validation.Status, validation.KeyId);
            return RegistryCaller.Invalid;
        }

        var signIn = await users.SignInAsync(OidcIdentity.FromClaims(validation.Claims, settings), context.RequestAborted);
        return signIn.User is null
            ? RegistryCaller.Invalid
            : new RegistryCaller(CallerKind.User, signIn.User, null) { Groups = signIn.Groups };
    }
}
