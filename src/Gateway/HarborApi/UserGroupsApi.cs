using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "usergroup" API tag: <c>/usergroups</c> for system administrators, <c>/usergroups/search</c> for
/// anyone signed in. Groups are what LDAP DNs and OIDC group claims are matched against for project membership.
/// </summary>
public static class UserGroupsApi
{
    private const string One = "/usergroups/{groupId}";

    public static RouteGroupBuilder MapUserGroupsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/usergroups", ListAsync);
        api.MapPost("/usergroups", CreateAsync);
        api.MapGet("/usergroups/search", SearchAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, RegistryAuthenticator authenticator, IUserGroupMetadata groups, IOptions<AuthOptions> auth)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var query = context.Request.Query;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        // In LDAP mode Harbor lists LDAP groups only (and only then filters by DN).
        var ldapMode = auth.Value.Mode == AuthMode.Ldap;
        var dn = query["ldap_group_dn"].ToString();
        var result = await groups.ListUserGroupsAsync(
            new UserGroupQuery(
                query["group_name"].ToString() is { Length: > 0 } name ? name : null,
                ldapMode && dn.Length > 0 ? UserGroupKeys.NormalizeDn(dn) : null,
                ldapMode ? UserGroupType.Ldap : null,
                page,
                pageSize),
            context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(ToModel));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, RegistryAuthenticator authenticator, IUserGroupMetadata groups)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        var query = context.Request.Query;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (query["groupname"].ToString() is not { Length: > 0 } name)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "need to provide groupname to search user group");
        }

        var result = await groups.ListUserGroupsAsync(new UserGroupQuery(name, null, null, page, pageSize, ShortestNameFirst: true), context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(g => new UserGroupSearchItem(g.Id, g.GroupName, (int)g.GroupType)));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, RegistryAuthenticator authenticator, IUserGroupMetadata groups, TimeProvider clock)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<UserGroupModel>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!UserGroupRules.TryValidate(body.Value!, out var name, out var type, out var dn, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var created = await groups.TryCreateUserGroupAsync(name, type, dn, clock.GetUtcNow(), context.RequestAborted);
        if (created is null)
        {
            return HarborErrorResult.From(
                RegistryError.Conflict, $"duplicate user group, group name: {name}, group type: {(int)type}, ldap group DN: {dn}");
        }

        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/v2.0/usergroups/{created.Id}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string groupId, HttpContext context, RegistryAuthenticator authenticator, IUserGroupMetadata groups)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(groupId, out var id))
        {
            return HarborIds.Invalid("group id", groupId);
        }

        var group = await groups.GetUserGroupAsync(id, context.RequestAborted);
        return group is null ? NotFound(id) : Results.Json(ToModel(group));
    }

    private static async Task<IResult> UpdateAsync(
        string groupId, HttpContext context, RegistryAuthenticator authenticator, IUserGroupMetadata groups, TimeProvider clock)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(groupId, out var id))
        {
            return HarborIds.Invalid("group id", groupId);
        }

        var body = await HarborJsonBody.ReadAsync<UserGroupModel>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!UserGroupRules.TryValidateName(body.Value!.GroupName, out var name, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        return await groups.TryRenameUserGroupAsync(id, name, clock.GetUtcNow(), context.RequestAborted) switch
        {
            UserGroupChange.NotFound => NotFound(id),
            UserGroupChange.Duplicate => HarborErrorResult.From(RegistryError.Conflict, $"a user group of the same type named {name} already exists"),
            _ => Results.Ok(),
        };
    }

    private static async Task<IResult> DeleteAsync(
        string groupId, HttpContext context, RegistryAuthenticator authenticator, IUserGroupMetadata groups, IGrainFactory grains)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(groupId, out var id))
        {
            return HarborIds.Invalid("group id", groupId);
        }

        var projects = await groups.TryDeleteUserGroupAsync(id, context.RequestAborted);
        if (projects is null)
        {
            return NotFound(id);
        }

        // The projects' grains hold the group's memberships in memory.
        await Task.WhenAll(projects.Select(p => grains.GetGrain<IProjectGrain>(p).ReloadMembersAsync()));
        return Results.Ok();
    }

    /// <summary>Harbor's RequireSystemAccess: 401 without a signed-in user, 403 for anyone but a system administrator.</summary>
    private static async Task<IResult?> RequireAdminAsync(HttpContext context, RegistryAuthenticator authenticator)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        return caller.IsAdmin ? null : HarborErrorResult.From(RegistryError.Denied, $"{caller.DisplayName} may not manage user groups");
    }

    private static UserGroupModel ToModel(UserGroupRecord group) =>
        new() { Id = group.Id, GroupName = group.GroupName, GroupType = (int)group.GroupType, LdapGroupDn = group.LdapGroupDn };


    private static IResult NotFound(long id) =>
        HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"the user group with id {id} is not found"));
}
