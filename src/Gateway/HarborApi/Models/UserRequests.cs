using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's UserCreationReq: the body of <c>POST /api/v2.0/users</c>.</summary>
public sealed class UserCreationReq
{
    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("realname")]
    public string? Realname { get; set; }

    [JsonPropertyName("password")]
    public string? Password { get; set; }

    [JsonPropertyName("comment")]
    public string? Comment { get; set; }
}

/// <summary>Harbor's UserProfile: the body of <c>PUT /users/{user_id}</c>; it replaces all three fields.</summary>
public sealed class UserProfileReq
{
    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("realname")]
    public string? Realname { get; set; }

    [JsonPropertyName("comment")]
    public string? Comment { get; set; }
}

/// <summary>Harbor's PasswordReq: the body of <c>PUT /users/{user_id}/password</c>.</summary>
public sealed class PasswordReq
{
    /// <summary>Required when users change their own password; ignored when an admin resets another user's.</summary>
    [JsonPropertyName("old_password")]
    public string? OldPassword { get; set; }

    [JsonPropertyName("new_password")]
    public string? NewPassword { get; set; }
}

/// <summary>Harbor's UserSysAdminFlag: the body of <c>PUT /users/{user_id}/sysadmin</c>.</summary>
public sealed class UserSysAdminFlag
{
    [JsonPropertyName("sysadmin_flag")]
    public bool? SysadminFlag { get; set; }
}
