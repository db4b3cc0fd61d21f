using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Resolves <c>{user_id}</c> and checks the caller may act on that user, in Harbor's order: a malformed id
/// is 400, no or wrong credentials 401, a caller who is neither the user (where that suffices) nor a system
/// admin 403 (before the lookup, so ids cannot be probed), and an unknown id 404.
/// </summary>
public sealed class UserResolver(RegistryAuthenticator authenticator, IGrainFactory grains, IUserQueries users)
{
    /// <summary>
    /// The signed-in local user, or the error to send: 403 for a robot (signed in, but the user API is not its to
    /// use), 401 otherwise. Bearer tokens carry no user and do not count.
    /// </summary>
    public async Task<(UserInfo? Caller, IResult? Error)> SignedInAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Robot)
        {
            return (null, HarborErrorResult.From(RegistryError.Denied, "robot accounts may not use the user API"));
        }

        return caller.User is null
            ? (null, HarborErrorResult.From(RegistryError.Unauthorized, caller.Kind == CallerKind.Invalid ? "invalid credentials" : "authentication required"))
            : (caller.User, null);
    }

    /// <summary>The signed-in system admin, or the 401/403 to send.</summary>
    public async Task<(UserInfo? Caller, IResult? Error)> AdminAsync(HttpContext context)
    {
        var (caller, error) = await SignedInAsync(context);
        if (error is not null)
        {
            return (null, error);
        }

        return caller!.IsAdmin ? (caller, null) : (null, HarborErrorResult.From(RegistryError.Denied, "only system administrators may do this"));
    }

    public async Task<ResolvedUser> ResolveAsync(HttpContext context, string userId, UserRight right)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            return Fail(null, RegistryError.BadRequest, $"user_id must be a positive integer, not '{Truncate(userId)}'");
        }

        var (caller, error) = await SignedInAsync(context);
        if (error is not null)
        {
            return new ResolvedUser(null, null, error);
        }

        var self = caller!.UserId == id;
        if (!caller.IsAdmin && !(self && right == UserRight.SelfOrAdmin))
        {
            return Fail(caller, RegistryError.Denied, $"not authorized to {(right == UserRight.SelfOrAdmin ? "access" : "change")} user {id}");
        }

        var name = await users.FindUsernameAsync(id, context.RequestAborted);
        var account = name is null ? null : await grains.GetGrain<IUserGrain>(name).GetAccountAsync();

        // A name read before a delete and recreate now belongs to another id.
        return account is null || account.UserId != id
            ? Fail(caller, RegistryError.NameUnknown, $"user {id} not found")
            : new ResolvedUser(caller, account, null);
    }

    private static ResolvedUser Fail(UserInfo? caller, RegistryError error, string message) =>
        new(caller, null, HarborErrorResult.From(error, message));

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "...";
}

/// <summary>Who may act on a user: the user themself or a system admin, or a system admin only.</summary>
public enum UserRight
{
    SelfOrAdmin = 0,
    AdminOnly,
}

/// <summary>The caller and the target account, or the error response to send instead.</summary>
public sealed record ResolvedUser(UserInfo? Caller, UserAccount? Target, IResult? Error);
