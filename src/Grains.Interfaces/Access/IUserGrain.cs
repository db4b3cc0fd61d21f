namespace ArtifactKeeper.Access;

/// <summary>One local user, keyed by username.</summary>
[Alias("access.user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The user when <paramref name="password"/> is right, else null (unknown user included).</summary>
    [Alias("verify-password")]
    Task<UserInfo?> VerifyPasswordAsync(string password);

    [Alias("get")]
    Task<UserInfo?> GetAsync();

    /// <summary>
    /// The user's current credential stamp, or null when the user does not exist. It changes with every
    /// password change and when the user is deleted and recreated; long-lived tokens carry it.
    /// </summary>
    [Alias("get-credential-stamp")]
    Task<string?> GetCredentialStampAsync();

    /// <summary>
    /// The local record of a user an external identity provider (LDAP) has just vouched for, created on first
    /// sign-in so projects, members and audit can refer to it. A new record gets no usable password: the
    /// provider stays the only place the password is checked, so database sign-in never accepts it.
    /// <paramref name="profile"/> is what the provider says of the user (email, real name): stored when it is
    /// valid and differs from what is stored, so the user list shows the directory's current values.
    /// </summary>
    [Alias("onboard-external")]
    Task<UserInfo> OnboardExternalAsync(ExternalProfile? profile = null);

    /// <summary>Sets a new password; false when the user does not exist.</summary>
    [Alias("change-password")]
    Task<bool> ChangePasswordAsync(string newPassword);

    /// <summary>Deletes the user; false when there was none.</summary>
    [Alias("delete")]
    Task<bool> DeleteAsync();

    /// <summary>The full profile, or null when the user does not exist.</summary>
    [Alias("get-account")]
    Task<UserAccount?> GetAccountAsync();

    /// <summary>
    /// Creates this user with a profile and password (Harbor's rules: <c>UserRules</c>). Refused with
    /// BadRequest for invalid input and Conflict when the username or the email is taken.
    /// </summary>
    [Alias("try-create")]
    Task<UserResult> TryCreateAsync(NewUserRequest request);

    /// <summary>Replaces email, real name and comment; NameUnknown, BadRequest or Conflict (email taken) otherwise.</summary>
    [Alias("try-update-profile")]
    Task<UserResult> TryUpdateProfileAsync(UserProfile profile);

    /// <summary>
    /// Changes the password: Denied when the old password is given and wrong, BadRequest when the new one
    /// breaks the policy or equals the current one, NameUnknown when there is no such user.
    /// </summary>
    [Alias("try-change-password")]
    Task<UserResult> TryChangePasswordAsync(PasswordChangeRequest request);

    /// <summary>Sets the system admin flag; NameUnknown when there is no such user.</summary>
    [Alias("try-set-admin")]
    Task<UserResult> TrySetAdminAsync(bool isAdmin);
}
