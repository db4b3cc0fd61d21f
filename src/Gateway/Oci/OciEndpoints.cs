using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Oci;

/// <summary>
/// Maps the OCI distribution API. Repository names contain slashes, so one catch-all route hands the
/// path to <see cref="OciPath"/>, and <see cref="OciRouteTable"/> picks the handler.
/// </summary>
public static class OciEndpoints
{
    public static IEndpointRouteBuilder MapOci(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/v2/{**path}", ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], DispatchAsync);
        return app;
    }

    /// <summary>end-1: tells clients this is a v2 registry and whether their credentials work.</summary>
    private static async Task<IResult> BaseAsync(HttpContext context, OciServices services)
    {
        var caller = await services.Authenticator.AuthenticateAsync(context);
        if (caller.Kind is not (CallerKind.User or CallerKind.Token or CallerKind.Robot))
        {
            return services.Challenge.Unauthorized(context, scope: null);
        }

        return Results.Json(new { });
    }

    private static async Task<IResult> DispatchAsync(HttpContext context, string? path, OciServices services)
    {
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        var route = OciPath.Parse(path ?? string.Empty);
        switch (route.Kind)
        {
            case OciRouteKind.NotFound:
                return new OciErrorResult(RegistryError.NameUnknown, "no such registry endpoint");
            case OciRouteKind.Base:
                return await BaseAsync(context, services);
            case OciRouteKind.Catalog:
                return await OciCatalogHandlers.ListAsync(context, services);
            default:
                break;
        }

        var endpoint = OciRouteTable.Find(route.Kind, context.Request.Method);
        if (endpoint is null)
        {
            context.Response.Headers.Allow = string.Join(", ", OciRouteTable.MethodsFor(route.Kind));
            return OciErrorResult.Custom(StatusCodes.Status405MethodNotAllowed, "UNSUPPORTED", $"{context.Request.Method} is not supported here");
        }

        if (!OciGrammar.IsValidRepositoryName(route.Name))
        {
            return new OciErrorResult(RegistryError.NameInvalid, $"invalid repository name '{route.Name}'");
        }

        var caller = await services.Authenticator.AuthenticateAsync(context);
        var decision = await services.Authorizer.AuthorizeAsync(caller, route.Name, endpoint.Action, context.RequestAborted);
        switch (decision)
        {
            case AccessDecision.Challenge:
                return services.Challenge.Unauthorized(context, ScopeFor(route.Name, endpoint.Action));
            case AccessDecision.Denied:
                // Harbor's /v2 answers 401 even to a signed-in caller lacking the permission, naming what was refused.
                return services.Challenge.Unauthorized(
                    context, ScopeFor(route.Name, endpoint.Action), $"unauthorized to access repository: {route.Name}, action: {endpoint.Action}");
            case AccessDecision.ProjectMissing:
                return new OciErrorResult(RegistryError.ProjectNotFound, $"project {RegistryKeys.ProjectOf(route.Name)} not found");
            default:
                if (endpoint.Action == Access.AccessPolicy.Push && await services.ProxyCache.RefusePushAsync(route.Name) is { } refused)
                {
                    return refused;
                }

                return await endpoint.Handler(new OciRequest(context, route, caller, services));
        }
    }

    private static string ScopeFor(string name, string action) =>
        action == Access.AccessPolicy.Pull ? $"repository:{name}:pull" : $"repository:{name}:pull,{action}";
}
