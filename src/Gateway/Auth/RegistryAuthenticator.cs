using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth;

/// <summary>Turns a request's Authorization header into a <see cref="RegistryCaller"/>.</summary>
public sealed class RegistryAuthenticator(IGrainFactory grains, CredentialCache credentialCache, RegistryTokenService tokens)
{
    private const string CallerItem = "ArtifactKeeper.Caller";

    public async ValueTask<RegistryCaller> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(CallerItem, out var known) && known is RegistryCaller cached)
        {
            return cached;
        }

        var caller = await ResolveAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted);
        context.Items[CallerItem] = caller;
        return caller;
    }

    /// <summary>Checks a username and password (Basic auth, token endpoint, OAuth2 password grant).</summary>
    public async ValueTask<UserInfo?> VerifyAsync(BasicCredentials credentials)
    {
        if (credentialCache.TryGet(credentials) is { } known)
        {
            return known;
        }

        if (credentials.Username.Length == 0)
        {
            return null;
        }

        var user = await grains.GetGrain<IUserGrain>(credentials.Username).VerifyPasswordAsync(credentials.Password);
        if (user is not null)
        {
            credentialCache.Add(credentials, user);
        }

        return user;
    }

    private async ValueTask<RegistryCaller> ResolveAsync(string authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return RegistryCaller.Anonymous;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var claims = await tokens.ValidateAsync(authorization[7..].Trim(), cancellationToken);
            return claims is null ? RegistryCaller.Invalid : new RegistryCaller(CallerKind.Token, null, claims);
        }

        if (BasicCredentials.TryParse(authorization, out var credentials))
        {
            var user = await VerifyAsync(credentials);
            return user is null ? RegistryCaller.Invalid : new RegistryCaller(CallerKind.User, user, null);
        }

        return RegistryCaller.Invalid;
    }
}
