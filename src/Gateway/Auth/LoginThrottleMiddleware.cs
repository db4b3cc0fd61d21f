namespace ArtifactKeeper.Auth;

/// <summary>
/// Answers 429 for requests whose Basic credentials belong to a locked-out user or address, on every surface
/// that accepts passwords (<c>/v2</c>, <c>/api/v2.0</c>, <c>/service/token</c>), before any handler runs.
/// One place instead of a check in each handler; the caller it resolves is cached for the handler.
/// The OAuth2 password grant carries its password in the form body and is throttled in <see cref="TokenEndpoints"/>.
/// </summary>
public sealed class LoginThrottleMiddleware(RequestDelegate next)
{
    // Harbor's anonymous probes ignore credentials; a locked-out client must still see the registry is up.
    private static readonly PathString[] AnonymousPaths = ["/api/v2.0/ping", "/api/v2.0/health"];

    public async Task InvokeAsync(HttpContext context, RegistryAuthenticator authenticator)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authenticator);
        var surface = SurfaceOf(context.Request.Path);
        if (surface != Surface.None
            && context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var caller = await authenticator.AuthenticateAsync(context);
            if (caller.Kind == CallerKind.Throttled)
            {
                var refusal = surface == Surface.Harbor
                    ? LoginRefusals.Harbor(context, caller.RetryAfter)
                    : LoginRefusals.Oci(context, caller.RetryAfter);
                await refusal.ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    private static Surface SurfaceOf(PathString path)
    {
        if (path.StartsWithSegments("/v2") || path.StartsWithSegments("/service/token"))
        {
            return Surface.Oci;
        }

        if (path.StartsWithSegments("/api/v2.0") && !AnonymousPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            return Surface.Harbor;
        }

        return Surface.None;
    }

    private enum Surface
    {
        None = 0,
        Oci,
        Harbor,
    }
}
