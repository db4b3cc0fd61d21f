using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Auth;

/// <summary>Writes the 401 that sends Docker clients to the token server.</summary>
public sealed class RegistryChallenge(OciLocations locations)
{
    /// <summary>A 401 UNAUTHORIZED with <c>WWW-Authenticate: Bearer realm=..,service=..[,scope=..]</c>.</summary>
    public IResult Unauthorized(HttpContext context, string? scope, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = $"Bearer realm=\"{locations.TokenRealm(context)}\",service=\"{RegistryTokenService.Service}\"";
        if (scope is not null)
        {
            header += $",scope=\"{scope}\"";
        }

        context.Response.Headers.WWWAuthenticate = header;
        return new OciErrorResult(RegistryError.Unauthorized, message);
    }
}
