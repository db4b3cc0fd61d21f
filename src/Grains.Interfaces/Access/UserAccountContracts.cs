using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Access;

/// <summary>
/// A local user's full profile as Harbor shows it (<c>UserResp</c>); never carries the password hash.
/// <see cref="Email"/> is null for accounts created before profiles existed (the seeded admin).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UserAccount(
    long UserId,
    string Username,
    string? Email,
    string Realname,
    string Comment,
    bool IsAdmin,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime);

/// <summary>The fields of a profile a user or an admin may change (Harbor's <c>UserProfile</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record UserProfile(
    string Email,
    string Realname,
    string Comment);

/// <summary>A new local user: the profile, the initial password (plain; hashed in the grain) and the admin flag.</summary>
[GenerateSerializer, Immutable]
public sealed record NewUserRequest(
    UserProfile Profile,
    string Password,
    bool IsAdmin = false);

/// <summary>
/// A password change. <see cref="OldPassword"/> null skips the check of the current password (a system
/// admin resetting another user's); otherwise it must match.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PasswordChangeRequest(
    string? OldPassword,
    string NewPassword);

/// <summary>Outcome of a user command; <see cref="User"/> is the account afterwards (null after a refusal).</summary>
[GenerateSerializer, Immutable]
public sealed record UserResult(
    RegistryError Error,
    string? Message,
    UserAccount? User)
{
    public bool Succeeded => Error == RegistryError.None;

    public static UserResult Ok(UserAccount user) => new(RegistryError.None, null, user);

    public static UserResult Fail(RegistryError error, string message) => new(error, message, null);
}

/// <summary>What an external identity provider (LDAP) reports of a user; either part may be missing.</summary>
[GenerateSerializer, Immutable]
public sealed record ExternalProfile(
    string? Email,
    string? Realname);
