using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.Extensions.Options;
using SortKey = ArtifactKeeper.Storage.Metadata.Queries.SortKey;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "user" API tag, reads and creation: list, search, current, get, create. Local accounts only;
/// self-registration is off, so only system admins create users.
/// </summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/users", ListAsync);
        api.MapPost("/users", CreateAsync);
        api.MapGet("/users/current", CurrentAsync);
        api.MapGet("/users/search", SearchAsync);
        api.MapGet("/users/{userId}", GetAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, UserResolver resolver, IUserQueries users)
    {
        var (_, denied) = await resolver.AdminAsync(context);
        if (denied is not null)
        {
            return denied;
        }

        if (!HarborListRequest.TryRead(context.Request.Query, UserFields.Filterable, out var list, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error);
        }

        list.AddFuzzyParameter("username", UserFields.Username);
        list.AddFuzzyParameter("email", UserFields.Email);
        if (UserFields.Validate(list.Filters) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var query = list.ToListQuery(UserFields.Sortable) with { Filters = WithoutBuiltInAdmin(list.Filters) };
        var result = await users.ListUsersAsync(query, context.RequestAborted);
        list.WriteHeaders(context, result.Total);
        return Results.Json(result.Items.Select(UserResp.From));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, UserResolver resolver, IUserQueries users)
    {
        var (_, unauthorized) = await resolver.SignedInAsync(context);
        if (unauthorized is not null)
        {
            return unauthorized;
        }

        var request = context.Request.Query;
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (request["username"].ToString() is not { Length: > 0 } username)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "username is required");
        }

        var filters = new Dictionary<string, QueryValue>(StringComparer.Ordinal) { [UserFields.Username] = new FuzzyValue(username) };
        SortKey[] closestFirst = [new(UserFields.UsernameLength, false), new(UserFields.Username, false)];
        var query = new ListQuery(WithoutBuiltInAdmin(filters), closestFirst, page, pageSize);
        var result = await users.ListUsersAsync(query, context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(u => new UserSearchRespItem(u.UserId, u.Username)));
    }

    /// <summary>
    /// The caller's own record, with what only its owner sees: whether the sign-in's authenticator made it an
    /// administrator (an LDAP or OIDC admin group) and, for OIDC users, the provider link and CLI secret.
    /// </summary>
    private static async Task<IResult> CurrentAsync(
        HttpContext context, UserResolver resolver, IGrainFactory grains, OidcUsers oidcUsers, IOptions<AuthOptions> auth)
    {
        var (caller, unauthorized) = await resolver.SignedInAsync(context);
        if (unauthorized is not null)
        {
            return unauthorized;
        }

        var account = await grains.GetGrain<IUserGrain>(caller!.Username).GetAccountAsync();
        if (account is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "the signed-in user no longer exists");
        }

        var response = UserResp.From(account) with { AdminRoleInAuth = caller.IsAdmin && !account.IsAdmin };
        if (auth.Value.Mode == AuthMode.Oidc && await oidcUsers.GetOwnMetaAsync(account.UserId, context.RequestAborted) is { } oidc)
        {
            response = response with
            {
                OidcUserMeta = new OidcUserMeta(
                    account.UserId, account.UserId, oidc.User.Subject + oidc.User.Issuer, oidc.Secret ?? string.Empty,
                    oidc.User.CreationTime.UtcDateTime, oidc.User.UpdateTime.UtcDateTime),
            };
        }

        return Results.Json(response);
    }

    private static async Task<IResult> GetAsync(string userId, HttpContext context, UserResolver resolver)
    {
        var resolved = await resolver.ResolveAsync(context, userId, UserRight.SelfOrAdmin);
        return resolved.Error ?? Results.Json(UserResp.From(resolved.Target!));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, UserResolver resolver, IGrainFactory grains, ChangeAudit audit, ILogger<UserResolver> logger)
    {
        var (caller, denied) = await resolver.AdminAsync(context);
        if (denied is not null)
        {
            return denied;
        }

        var body = await HarborJsonBody.ReadAsync<UserCreationReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        // Harbor's order: password policy, then profile, then username.
        var req = body.Value!;
        var profile = new UserProfile(req.Email ?? string.Empty, req.Realname ?? string.Empty, req.Comment ?? string.Empty);
        var invalid = UserRules.CheckPassword(req.Password) ?? UserRules.CheckProfile(profile) ?? UserRules.CheckUsername(req.Username);
        if (invalid is not null)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var result = await grains.GetGrain<IUserGrain>(req.Username!).TryCreateAsync(new NewUserRequest(profile, req.Password!));
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "user not created");
        }

        UserLog.Created(logger, result.User!.Username, result.User.UserId, caller!.Username);
        audit.User(caller.Username, AuditEvents.Create, result.User.Username);
        context.Response.Headers.Location = "/api/v2.0/users/" + result.User.UserId.ToString(CultureInfo.InvariantCulture);
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>
    /// Harbor leaves its built-in admin out of user listings and searches unless the query names user ids;
    /// it stays reachable through <c>/users/{user_id}</c> and <c>/users/current</c>.
    /// </summary>
    private static Dictionary<string, QueryValue> WithoutBuiltInAdmin(Dictionary<string, QueryValue> filters)
    {
        if (!filters.ContainsKey(UserFields.UserId))
        {
            filters[UserFields.UserId] = new RangeValue((UserRules.BuiltInAdminId + 1).ToString(CultureInfo.InvariantCulture), null);
        }

        return filters;
    }
}
