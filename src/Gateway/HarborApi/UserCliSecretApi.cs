using System.Globalization;
using System.Text.Json.Serialization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's <c>PUT /users/{user_id}/cli_secret</c> (the "user" tag): an OIDC user's secret for registry logins.</summary>
public static class UserCliSecretApi
{
    public static RouteGroupBuilder MapUserCliSecretApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPut("/users/{user_id}/cli_secret", SetAsync);
        return api;
    }

    /// <summary>
    /// The user themself or a system administrator sets the secret; an empty one asks for a random one, as in Harbor.
    /// 412 outside OIDC mode, 404 for users who are not OIDC users. The old secret stops working at once.
    /// </summary>
    private static async Task<IResult> SetAsync(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, RegistryAuthenticator authenticator, OidcUsers users, IOptions<AuthOptions> auth)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        if (!long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"invalid user ID '{userId}'");
        }

        if (auth.Value.Mode != AuthMode.Oidc)
        {
            return HarborErrorResult.From(RegistryError.PreconditionFailed, $"unable to update CLI secret under authmode: {HarborAuthMode(auth.Value.Mode)}");
        }

        if (caller.User.UserId != id && !caller.IsAdmin)
        {
            return HarborErrorResult.From(RegistryError.Denied, "only the user or a system administrator may set the CLI secret");
        }

        var body = await HarborJsonBody.ReadAsync<OidcCliSecretReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var secret = string.IsNullOrEmpty(body.Value!.Secret) ? HarborSecretRule.Generate() : body.Value.Secret;
        if (!HarborSecretRule.IsValid(secret))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, HarborSecretRule.Message);
        }

        return await users.SetCliSecretAsync(id, secret, context.RequestAborted)
            ? Results.Ok()
            : HarborErrorResult.From(RegistryError.NameUnknown, $"oidc info for user {id} not found");
    }

    private static string HarborAuthMode(AuthMode mode) => mode switch
    {
        AuthMode.Ldap => "ldap_auth",
        AuthMode.Oidc => "oidc_auth",
        _ => "db_auth",
    };
}

/// <summary>Harbor's OIDCCliSecretReq.</summary>
internal sealed record OidcCliSecretReq([property: JsonPropertyName("secret")] string? Secret);
