using System.Text.Json.Serialization;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's UserResp, as <c>GET /users</c>, <c>/users/{user_id}</c> and <c>/users/current</c> return it.</summary>
public sealed record UserResp(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("realname")] string Realname,
    [property: JsonPropertyName("comment")] string Comment,
    [property: JsonPropertyName("user_id")] long UserId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("sysadmin_flag")] bool SysadminFlag,
    [property: JsonPropertyName("admin_role_in_auth")] bool AdminRoleInAuth,
    [property: JsonPropertyName("oidc_user_meta")] OidcUserMeta? OidcUserMeta,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime)
{
    /// <summary>
    /// Local accounts: no admin role granted by an external authenticator, no OIDC metadata. Times in UTC
    /// so they serialize as RFC 3339 with a <c>Z</c>.
    /// </summary>
    public static UserResp From(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(
            account.Email ?? string.Empty, account.Realname, account.Comment, account.UserId, account.Username, account.IsAdmin,
            false, null, account.CreationTime.UtcDateTime, account.UpdateTime.UtcDateTime);
    }
}

/// <summary>
/// Harbor's OIDCUserInfo, shown to an OIDC user on <c>/users/current</c>: the provider link (<c>subiss</c>, the
/// subject followed by the issuer) and the CLI secret. There is one per user, so its id is the user's.
/// </summary>
public sealed record OidcUserMeta(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("user_id")] long UserId,
    [property: JsonPropertyName("subiss")] string Subiss,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);

/// <summary>Harbor's UserSearchRespItem: what any signed-in user may learn about another.</summary>
public sealed record UserSearchRespItem(
    [property: JsonPropertyName("user_id")] long UserId,
    [property: JsonPropertyName("username")] string Username);
