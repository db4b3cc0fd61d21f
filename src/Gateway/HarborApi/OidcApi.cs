using System.Text.Json.Serialization;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's "oidc" API tag: <c>POST /system/oidc/ping</c>, a reachability test of a provider's discovery document.</summary>
public static class OidcApi
{
    public static RouteGroupBuilder MapOidcApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/system/oidc/ping", PingAsync);
        return api;
    }

    /// <summary>
    /// 200 when <c>url</c> serves a discovery document naming itself as issuer, as Harbor's test does; 400 with
    /// Harbor's "failed to verify connection" otherwise. System administrators only: the gateway fetches the URL.
    /// </summary>
    private static async Task<IResult> PingAsync(
        HttpContext context, RegistryAuthenticator authenticator, OidcProviderClient client, ILogger<OidcProviderClient> logger)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        if (!caller.IsAdmin)
        {
            return HarborErrorResult.From(RegistryError.Denied, "only system administrators may test an OIDC endpoint");
        }

        var body = await HarborJsonBody.ReadAsync<OidcPingReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!OidcEndpoint.TryParseIssuer(body.Value!.Url, out _, out var invalid))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"url {invalid}");
        }

        var (document, error) = await client.GetDiscoveryAsync(body.Value.Url!, body.Value.VerifyCert ?? true, context.RequestAborted);
        if (document is null)
        {
            OidcLog.ProviderUnavailable(logger, body.Value.Url!, error ?? "unknown error");
            return HarborErrorResult.From(RegistryError.BadRequest, "failed to verify connection");
        }

        return Results.Ok();
    }
}

/// <summary>The body of <c>POST /system/oidc/ping</c>.</summary>
internal sealed record OidcPingReq(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("verify_cert")] bool? VerifyCert);
