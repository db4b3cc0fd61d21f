using System.Text.Json;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Configuration;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "configure" tag, system admin only: <c>GET</c> lists every configuration value this registry has as
/// <c>{"value","editable"}</c> (never a secret); <c>PUT</c> stores the editable ones (<see cref="ConfigurationUpdate"/>
/// decides) in the settings table, where every gateway picks them up without a restart.
/// </summary>
public static class ConfigurationsApi
{
    public static RouteGroupBuilder MapConfigurationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/configurations", GetAsync);
        api.MapPut("/configurations", PutAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext context, RegistryAuthenticator authenticator, ConfigurationSources sources)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refusal)
        {
            return refusal;
        }

        var view = await sources.ViewAsync(context.RequestAborted);
        return Results.Json(view.ToDictionary(e => e.Key, e => new ConfigurationValueModel(e.Value.Value, e.Value.Editable), StringComparer.Ordinal));
    }

    private static async Task<IResult> PutAsync(
        HttpContext context, RegistryAuthenticator authenticator, ConfigurationSources sources, SystemSettings settings, IUserQueries users)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refusal)
        {
            return refusal;
        }

        var body = await HarborJsonBody.ReadAsync<JsonDocument>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        using (var document = body.Value!)
        {
            var view = await sources.ViewAsync(context.RequestAborted);
            var usersExist = (await users.ListUsersAsync(new ListQuery(new Dictionary<string, QueryValue>(), [], 1, 1), context.RequestAborted)).Total > 1;
            var result = ConfigurationUpdate.Evaluate(document.RootElement, view, usersExist);
            if (result.Refusal is { } refused)
            {
                return HarborErrorResult.From(refused.Forbidden ? RegistryError.Denied : RegistryError.BadRequest, refused.Message);
            }

            await settings.SaveAsync(result.Changes, context.RequestAborted);
            return Results.Ok();
        }
    }
}

/// <summary>Everything the configuration view is built from: the editable settings and the server configuration.</summary>
public sealed class ConfigurationSources(
    SystemSettings settings, IOptions<AuthOptions> auth, IOptions<LdapOptions> ldap, IOptions<OidcOptions> oidc, IOptions<AuditOptions> audit)
{
    public async Task<IReadOnlyDictionary<string, ConfigurationItem>> ViewAsync(CancellationToken cancellationToken) =>
        ConfigurationView.Build(await settings.GetAsync(cancellationToken), auth.Value, ldap.Value, oidc.Value, audit.Value);
}
