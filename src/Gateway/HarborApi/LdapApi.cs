using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's "Ldap" API tag: ping, user search and import, group search. System administrators only.</summary>
public static class LdapApi
{
    // Harbor imports a list picked in the portal; a bound keeps one request from onboarding a whole directory.
    private const int MaxImport = 1000;

    public static RouteGroupBuilder MapLdapApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/ldap/ping", PingAsync);
        api.MapGet("/ldap/users/search", SearchUsersAsync);
        api.MapPost("/ldap/users/import", ImportUsersAsync);
        api.MapGet("/ldap/groups/search", SearchGroupsAsync);
        return api;
    }

    private static async Task<IResult> PingAsync(HttpContext context, RegistryAuthenticator authenticator, LdapDirectory directory)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        LdapConf? body = null;
        if (HasBody(context.Request))
        {
            var parsed = await HarborJsonBody.ReadAsync<LdapConf>(context.Request);
            if (parsed.Error is not null)
            {
                return parsed.Error;
            }

            body = parsed.Value;
        }

        if (!LdapPingSettings.TryMerge(directory.Settings, body, out var settings, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var outcome = await directory.PingAsync(settings, context.RequestAborted);
        return Results.Json(new LdapPingResult(outcome.Success, outcome.Message));
    }

    private static async Task<IResult> SearchUsersAsync(
        HttpContext context, RegistryAuthenticator authenticator, LdapDirectory directory, IOptions<AuthOptions> auth)
    {
        if (await RequireLdapAdminAsync(context, authenticator, auth) is { } refused)
        {
            return refused;
        }

        try
        {
            var users = await directory.SearchUsersAsync(context.Request.Query["username"].ToString(), context.RequestAborted);
            return Results.Json(users.Select(u => new LdapUser(u.Username, u.Realname, u.Email)));
        }
        catch (LdapUnavailableException)
        {
            return Unavailable();
        }
    }

    private static async Task<IResult> ImportUsersAsync(
        HttpContext context, RegistryAuthenticator authenticator, LdapLogin ldap, IOptions<AuthOptions> auth)
    {
        if (await RequireLdapAdminAsync(context, authenticator, auth) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<LdapImportUsers>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.LdapUidList is not { } uids)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "ldap_uid_list is required");
        }

        if (uids.Count > MaxImport)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"ldap_uid_list may hold at most {MaxImport} uids");
        }

        var failures = await ldap.ImportAsync(uids, context.RequestAborted);
        return failures.Count == 0
            ? Results.Ok()
            : Results.Json(failures.Select(f => new LdapFailedImportUser(f.Uid, f.Error)), statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SearchGroupsAsync(
        HttpContext context, RegistryAuthenticator authenticator, LdapDirectory directory, IOptions<AuthOptions> auth)
    {
        if (await RequireLdapAdminAsync(context, authenticator, auth) is { } refused)
        {
            return refused;
        }

        var groupName = context.Request.Query["groupname"].ToString();
        var groupDn = context.Request.Query["groupdn"].ToString();
        if (groupName.Length == 0 && groupDn.Length > 0 && !LdapDn.TryParse(groupDn, out _))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"groupdn '{groupDn}' is not a valid distinguished name");
        }

        IReadOnlyList<LdapGroupEntry> groups;
        try
        {
            groups = groupName.Length == 0 && groupDn.Length == 0
                ? []
                : await directory.SearchGroupsAsync(groupName, groupDn, context.RequestAborted);
        }
        catch (LdapUnavailableException)
        {
            return Unavailable();
        }

        return groups.Count == 0
            ? HarborErrorResult.From(RegistryError.NameUnknown, $"group name:{groupName}, group DN:{groupDn} not found")
            : Results.Json(groups.Select(g => new UserGroup(0, g.Name, (int)Access.UserGroupType.Ldap, g.Dn)));
    }

    private static async Task<IResult?> RequireLdapAdminAsync(HttpContext context, RegistryAuthenticator authenticator, IOptions<AuthOptions> auth)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        return auth.Value.Mode == AuthMode.Ldap
            ? null
            : HarborErrorResult.From(RegistryError.BadRequest, "the auth mode is not ldap_auth");
    }

    private static async Task<IResult?> RequireAdminAsync(HttpContext context, RegistryAuthenticator authenticator)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authenticate as a system administrator");
        }

        return caller.IsAdmin ? null : HarborErrorResult.From(RegistryError.Denied, "only system administrators may use the LDAP API");
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    // Harbor answers 500 here; a 503 with a plain cause tells the operator it is the directory, not the registry.
    private static IResult Unavailable() =>
        HarborErrorResult.Write(StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE", "the LDAP server is unavailable");
}
