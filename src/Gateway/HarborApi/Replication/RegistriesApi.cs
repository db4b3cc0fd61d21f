using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.AspNetCore.Mvc;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// Harbor's "registry" API tag: registry endpoints (CRUD, ping, info) and the adapters this build has, for system
/// administrators only. Storing an endpoint contacts nothing; ping does. Secrets are accepted, sealed, never answered.
/// </summary>
public static class RegistriesApi
{
    private const string One = "/registries/{id}";

    public static RouteGroupBuilder MapRegistriesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/registries", ListAsync);
        api.MapPost("/registries", CreateAsync);
        api.MapPost("/registries/ping", PingAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        api.MapGet(One + "/info", InfoAsync);
        api.MapGet("/replication/adapters", AdaptersAsync);
        api.MapGet("/replication/adapterinfos", AdapterInfosAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, RegistryAuthenticator authenticator, IRegistryEndpointMetadata store)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return refused;
        }

        if (!HarborListRequest.TryRead(context.Request.Query, RegistryEndpointFields.Filterable, out var list, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error);
        }

        if (RegistryEndpointFields.Validate(list.Filters) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        list.AddFuzzyParameter("name", RegistryEndpointFields.Name);
        var result = await store.ListRegistryEndpointsAsync(list.ToListQuery(RegistryEndpointFields.Sortable), context.RequestAborted);
        list.WriteHeaders(context, result.Total);
        return Results.Json(result.Items.Select(RegistryModel.From));
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, RegistryAuthenticator authenticator, RegistryEndpointCommands commands, [FromServices] IRegistryAdapterCatalog catalog)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<RegistryReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await commands.CreateAsync(caller, body.Value!, catalog, context.RequestAborted);
        if (!result.Succeeded)
        {
            return Error(result);
        }

        context.Response.Headers.Location = $"/api/v2.0/registries/{result.Endpoint!.Id}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, RegistryAuthenticator authenticator, IRegistryEndpointMetadata store)
    {
        var target = await FindAsync(id, context, authenticator, store);
        return target.Error ?? Results.Json(RegistryModel.From(target.Record!.Endpoint));
    }

    private static async Task<IResult> UpdateAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, RegistryEndpointCommands commands, [FromServices] IRegistryAdapterCatalog catalog)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(id, out var registryId))
        {
            return HarborIds.Invalid("id", id);
        }

        var body = await HarborJsonBody.ReadAsync<RegistryUpdateReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await commands.UpdateAsync(caller, registryId, body.Value!, catalog, context.RequestAborted);
        return result.Succeeded ? Results.Ok() : Error(result);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, RegistryAuthenticator authenticator, RegistryEndpointCommands commands)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(id, out var registryId))
        {
            return HarborIds.Invalid("id", id);
        }

        var result = await commands.DeleteAsync(caller, registryId, context.RequestAborted);
        return result.Succeeded ? Results.Ok() : Error(result);
    }

    private static async Task<IResult> PingAsync(
        HttpContext context, RegistryAuthenticator authenticator, RegistryPinger pinger, [FromServices] IRemoteRegistryFactory factory,
        [FromServices] IRegistryAdapterCatalog catalog)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<RegistryPingReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await pinger.PingAsync(body.Value!, factory, catalog, context.RequestAborted);
        return result.Succeeded ? Results.Ok() : Error(result);
    }

    private static async Task<IResult> InfoAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, IRegistryEndpointMetadata store, [FromServices] IRegistryAdapterCatalog catalog)
    {
        var target = await FindAsync(id, context, authenticator, store);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var type = target.Record!.Endpoint.Type;
        return catalog.Find(type) is { } adapter
            ? Results.Json(RegistryAdapterViews.Info(adapter))
            : HarborErrorResult.From(RegistryError.BadRequest, $"no adapter for registry type {type}");
    }

    private static async Task<IResult> AdaptersAsync(HttpContext context, RegistryAuthenticator authenticator, [FromServices] IRegistryAdapterCatalog catalog) =>
        SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) ?? Results.Json(catalog.Adapters.Select(a => a.Type));

    private static async Task<IResult> AdapterInfosAsync(HttpContext context, RegistryAuthenticator authenticator, [FromServices] IRegistryAdapterCatalog catalog) =>
        SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context))
        ?? Results.Json(catalog.Adapters.ToDictionary(a => a.Type, RegistryAdapterViews.ProviderInfo, StringComparer.Ordinal));

    private static async Task<(RegistryEndpointRecord? Record, IResult? Error)> FindAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, IRegistryEndpointMetadata store)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return (null, refused);
        }

        if (!HarborIds.TryParse(id, out var registryId))
        {
            return (null, HarborIds.Invalid("id", id));
        }

        var record = await store.GetRegistryEndpointAsync(registryId, context.RequestAborted);
        return record is null ? (null, HarborErrorResult.From(RegistryError.NameUnknown, $"registry {registryId} not found")) : (record, null);
    }

    private static IResult Error(RegistryCommandResult result) => HarborErrorResult.From(result.Error, result.Message!);
}
