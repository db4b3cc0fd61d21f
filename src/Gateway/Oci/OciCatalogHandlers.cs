using System.Text.Json.Serialization;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Oci;

/// <summary><c>GET /v2/_catalog</c>: repository names with <c>n</c>/<c>last</c> paging, for system admins (as in Harbor).</summary>
public static class OciCatalogHandlers
{
    private const int DefaultPageSize = 100;

    public static async Task<IResult> ListAsync(HttpContext context, OciServices services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var caller = await services.Authenticator.AuthenticateAsync(context);
        if (!CanListCatalog(caller))
        {
            // Harbor answers every /v2 authorization failure with 401 and a challenge, signed in or not, so a
            // client holding a repository token learns to ask for registry:catalog:* rather than giving up.
            return services.Challenge.Unauthorized(context, "registry:catalog:*", "only system administrators may list the catalog");
        }

        if (!OciPaging.TryRead(context.Request, out var n, out var last))
        {
            return OciErrorResult.Custom(StatusCodes.Status400BadRequest, "PAGINATION_NUMBER_INVALID", "n must be a non-negative integer");
        }

        var size = n ?? DefaultPageSize;
        IReadOnlyList<string> names = size == 0
            ? []
            : await services.Catalog.ListRepositoriesAsync(last, size + 1, context.RequestAborted);
        if (names.Count > size)
        {
            names = names.Take(size).ToList();
            context.Response.Headers.Link = OciLocations.NextPageLink("/v2/_catalog", size, names[^1]);
        }

        return Results.Json(new CatalogResponse(names));
    }

    private static bool CanListCatalog(RegistryCaller caller) =>
        caller.IsAdmin ||
        (caller.Token is { } token && token.Access.Any(a => a.Type == "registry" && a.Name == "catalog" && a.Actions.Contains("*")));

    private sealed record CatalogResponse([property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories);
}
