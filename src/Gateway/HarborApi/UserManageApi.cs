using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "user" API tag, changes to one user: profile, password, system admin flag, delete. Password,
/// admin-flag and delete changes make this gateway forget the user's cached logins at once.
/// </summary>
public static class UserManageApi
{
    private const string One = "/users/{userId}";

    public static RouteGroupBuilder MapUserManageApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPut(One, UpdateProfileAsync);
        api.MapDelete(One, DeleteAsync);
        api.MapPut(One + "/password", ChangePasswordAsync);
        api.MapPut(One + "/sysadmin", SetSysAdminAsync);
        return api;
    }

    private static async Task<IResult> UpdateProfileAsync(string userId, HttpContext context, UserResolver resolver, IGrainFactory grains, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, userId, UserRight.SelfOrAdmin);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<UserProfileReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        // Harbor replaces all three fields: an absent comment clears it, an absent email or real name is refused.
        var profile = new UserProfile(body.Value!.Email ?? string.Empty, body.Value.Realname ?? string.Empty, body.Value.Comment ?? string.Empty);
        if (UserRules.CheckProfile(profile) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var result = await grains.GetGrain<IUserGrain>(resolved.Target!.Username).TryUpdateProfileAsync(profile);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "profile not updated");
        }

        audit.User(resolved.Caller!.Username, AuditEvents.Update, resolved.Target.Username, "profile");
        return Results.Ok();
    }

    private static async Task<IResult> ChangePasswordAsync(
        string userId, HttpContext context, UserResolver resolver, IGrainFactory grains, CredentialCache credentials, ChangeAudit audit, ILogger<UserResolver> logger)
    {
        var resolved = await resolver.ResolveAsync(context, userId, UserRight.SelfOrAdmin);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<PasswordReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        // Users changing their own password prove they know it, admins included; an admin resetting
        // someone else's does not need the old one, and one sent anyway is ignored.
        var target = resolved.Target!;
        var self = resolved.Caller!.UserId == target.UserId;
        var change = new PasswordChangeRequest(self ? body.Value!.OldPassword ?? string.Empty : null, body.Value!.NewPassword ?? string.Empty);
        var result = await grains.GetGrain<IUserGrain>(target.Username).TryChangePasswordAsync(change);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "password not changed");
        }

        credentials.Forget(target.Username);
        UserLog.PasswordChanged(logger, target.Username, target.UserId, resolved.Caller.Username);
        audit.User(resolved.Caller.Username, AuditEvents.Update, target.Username, "password");
        return Results.Ok();
    }

    /// <remarks>
    /// Admins cannot change their own flag (Harbor's UI rule, enforced here): so the admin acting is always
    /// still an admin afterwards, and the last system admin can never demote itself.
    /// </remarks>
    private static async Task<IResult> SetSysAdminAsync(
        string userId, HttpContext context, UserResolver resolver, IGrainFactory grains, CredentialCache credentials, ChangeAudit audit, ILogger<UserResolver> logger)
    {
        var resolved = await resolver.ResolveAsync(context, userId, UserRight.AdminOnly);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var target = resolved.Target!;
        if (resolved.Caller!.UserId == target.UserId)
        {
            return HarborErrorResult.From(RegistryError.Denied, "you cannot change your own system admin flag");
        }

        var body = await HarborJsonBody.ReadAsync<UserSysAdminFlag>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.SysadminFlag is not { } isAdmin)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "sysadmin_flag is required");
        }

        var result = await grains.GetGrain<IUserGrain>(target.Username).TrySetAdminAsync(isAdmin);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "system admin flag not changed");
        }

        credentials.Forget(target.Username);
        UserLog.AdminFlagChanged(logger, target.Username, target.UserId, isAdmin, resolved.Caller.Username);
        audit.User(resolved.Caller.Username, AuditEvents.Update, target.Username, isAdmin ? "sysadmin granted" : "sysadmin revoked");
        return Results.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        string userId, HttpContext context, UserResolver resolver, IGrainFactory grains, CredentialCache credentials, ChangeAudit audit, ILogger<UserResolver> logger)
    {
        var resolved = await resolver.ResolveAsync(context, userId, UserRight.AdminOnly);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var target = resolved.Target!;
        if (resolved.Caller!.UserId == target.UserId || target.UserId == UserRules.BuiltInAdminId)
        {
            return HarborErrorResult.From(RegistryError.Denied, $"User with ID {target.UserId} cannot be deleted");
        }

        if (!await grains.GetGrain<IUserGrain>(target.Username).DeleteAsync())
        {
            return HarborErrorResult.From(RegistryError.NameUnknown, $"user {target.UserId} not found");
        }

        credentials.Forget(target.Username);
        UserLog.Deleted(logger, target.Username, target.UserId, resolved.Caller.Username);
        audit.User(resolved.Caller.Username, AuditEvents.Delete, target.Username);
        return Results.Ok();
    }
}
