using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Access;

/// <summary>
/// One local user. Password checks happen here so the hash never leaves the silo; every change is
/// written through to the metadata store before the in-memory copy changes and the call returns.
/// </summary>
[GrainType("user")]
public sealed class UserGrain(IUserMetadata metadata, IUserAccountMetadata accounts, TimeProvider clock) : Grain, IUserGrain
{
    /// <summary>
    /// Stored as the password hash of users onboarded from an external provider. It is not in
    /// <see cref="PasswordHasher"/>'s format, so no password ever verifies against it.
    /// </summary>
    public const string ExternalPasswordHash = "!external";

    /// <summary>
    /// How long a miss is trusted. Users are also created outside this grain (OIDC onboarding, the seeder), so an
    /// activation that found no user asks the store again, but at most this often, so a stream of logins with an
    /// unknown name costs one read per interval rather than one per attempt.
    /// </summary>
    public static readonly TimeSpan MissRecheckInterval = TimeSpan.FromSeconds(1);

    private UserRecord? _user;
    private UserAccount? _account;
    private DateTimeOffset _missCheckedAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<UserInfo?> VerifyPasswordAsync(string password)
    {
        await RecheckMissAsync();
        return _user is not null && PasswordHasher.Verify(password, _user.PasswordHash) ? ToInfo(_user) : null;
    }

    public async Task<UserInfo?> GetAsync()
    {
        await RecheckMissAsync();
        return _user is null ? null : ToInfo(_user);
    }

    public async Task<UserAccount?> GetAccountAsync()
    {
        await RecheckMissAsync();
        return _user is null ? null : _account;
    }

    public async Task<string?> GetCredentialStampAsync()
    {
        await RecheckMissAsync();
        return _user is null ? null : CredentialStamp.Of(_user.UserId, _user.PasswordHash);
    }

    public async Task<UserInfo> OnboardExternalAsync(ExternalProfile? profile = null)
    {
        // Written through before it is reported: the id handed out must survive a restart.
        if (_user is null)
        {
            _user = await metadata.EnsureUserAsync(
                this.GetPrimaryKeyString(), ExternalPasswordHash, isAdmin: false, clock.GetUtcNow(), CancellationToken.None);
            _account = await accounts.GetUserAccountAsync(_user.Username, CancellationToken.None);
        }

        if (ExternalProfileSync.Update(_account, profile) is { } update)
        {
            // A refused update (an email another user owns) keeps the stored profile; sign-in does not depend on it.
            var outcome = await accounts.UpdateUserProfileAsync(_user.Username, update, clock.GetUtcNow(), CancellationToken.None);
            if (outcome.Status == UserWriteStatus.Written)
            {
                _account = outcome.Account;
            }
        }

        return ToInfo(_user);
    }

    public async Task<bool> ChangePasswordAsync(string newPassword)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        return _user is not null && await StorePasswordAsync(newPassword);
    }

    public async Task<UserResult> TryCreateAsync(NewUserRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var username = this.GetPrimaryKeyString();
        var invalid = UserRules.CheckPassword(request.Password) ?? UserRules.CheckProfile(request.Profile) ?? UserRules.CheckUsername(username);
        if (invalid is not null)
        {
            return UserResult.Fail(RegistryError.BadRequest, invalid);
        }

        if (_user is not null)
        {
            return UserResult.Fail(RegistryError.Conflict, $"user {username} already exists");
        }

        var outcome = await accounts.TryCreateUserAsync(
            username, request.Profile, PasswordHasher.Hash(request.Password), request.IsAdmin, clock.GetUtcNow(), CancellationToken.None);
        if (outcome.Status != UserWriteStatus.Written)
        {
            // A namesake created outside this grain (the seeder) must become visible here.
            await LoadAsync(CancellationToken.None);
            return Refusal(outcome.Status, username, request.Profile.Email);
        }

        await LoadAsync(CancellationToken.None);
        return _account is null ? UserResult.Fail(RegistryError.NameUnknown, $"user {username} not found") : UserResult.Ok(_account);
    }

    public async Task<UserResult> TryUpdateProfileAsync(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (_user is null)
        {
            return NotFound();
        }

        if (UserRules.CheckProfile(profile) is { } invalid)
        {
            return UserResult.Fail(RegistryError.BadRequest, invalid);
        }

        var outcome = await accounts.UpdateUserProfileAsync(_user.Username, profile, clock.GetUtcNow(), CancellationToken.None);
        if (outcome.Status != UserWriteStatus.Written)
        {
            return Refusal(outcome.Status, _user.Username, profile.Email);
        }

        _account = outcome.Account;
        return UserResult.Ok(_account!);
    }

    public async Task<UserResult> TryChangePasswordAsync(PasswordChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_user is null)
        {
            return NotFound();
        }

        // Harbor's order: the old password first, so a caller without it learns nothing about the policy check.
        if (request.OldPassword is not null && !PasswordHasher.Verify(request.OldPassword, _user.PasswordHash))
        {
            return UserResult.Fail(RegistryError.Denied, "Current password is incorrect");
        }

        if (UserRules.CheckPassword(request.NewPassword) is { } weak)
        {
            return UserResult.Fail(RegistryError.BadRequest, weak);
        }

        if (PasswordHasher.Verify(request.NewPassword, _user.PasswordHash))
        {
            return UserResult.Fail(RegistryError.BadRequest, "New password is identical to old password");
        }

        return await StorePasswordAsync(request.NewPassword) && _account is not null ? UserResult.Ok(_account) : NotFound();
    }

    public async Task<UserResult> TrySetAdminAsync(bool isAdmin)
    {
        if (_user is null)
        {
            return NotFound();
        }

        var account = await accounts.SetUserAdminAsync(_user.Username, isAdmin, clock.GetUtcNow(), CancellationToken.None);
        if (account is null)
        {
            Clear();
            return NotFound();
        }

        _user = _user with { IsAdmin = account.IsAdmin };
        _account = account;
        return UserResult.Ok(account);
    }

    public async Task<bool> DeleteAsync()
    {
        if (_user is null)
        {
            return false;
        }

        var deleted = await metadata.DeleteUserAsync(_user.Username, CancellationToken.None);
        Clear();
        return deleted;
    }

    private async Task RecheckMissAsync()
    {
        if (_user is null && clock.GetUtcNow() - _missCheckedAt >= MissRecheckInterval)
        {
            await LoadAsync(CancellationToken.None);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _missCheckedAt = clock.GetUtcNow();
        var username = this.GetPrimaryKeyString();
        _user = await metadata.GetUserAsync(username, cancellationToken);
        _account = _user is null ? null : await accounts.GetUserAccountAsync(username, cancellationToken);
    }

    private async Task<bool> StorePasswordAsync(string newPassword)
    {
        var hash = PasswordHasher.Hash(newPassword);
        if (!await metadata.SetPasswordHashAsync(_user!.Username, hash, CancellationToken.None))
        {
            Clear();
            return false;
        }

        _user = _user with { PasswordHash = hash };
        return true;
    }

    private void Clear()
    {
        _user = null;
        _account = null;
    }

    private UserResult NotFound() => UserResult.Fail(RegistryError.NameUnknown, $"user {this.GetPrimaryKeyString()} not found");

    private UserResult Refusal(UserWriteStatus status, string username, string email) => status switch
    {
        UserWriteStatus.UsernameTaken => UserResult.Fail(RegistryError.Conflict, $"user {username} already exists"),
        UserWriteStatus.EmailTaken => UserResult.Fail(RegistryError.Conflict, $"email {email} is already used by another user"),
        _ => NotFound(),
    };

    private static UserInfo ToInfo(UserRecord record) => new(record.UserId, record.Username, record.IsAdmin);
}
