using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Access;

/// <summary>One local user. Password checks happen here so the hash never leaves the silo.</summary>
[GrainType("user")]
public sealed class UserGrain(IUserMetadata metadata, TimeProvider clock) : Grain, IUserGrain
{
    /// <summary>
    /// Stored as the password hash of users onboarded from an external provider. It is not in
    /// <see cref="PasswordHasher"/>'s format, so no password ever verifies against it.
    /// </summary>
    public const string ExternalPasswordHash = "!external";

    private UserRecord? _user;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _user = await metadata.GetUserAsync(this.GetPrimaryKeyString(), cancellationToken);

    public Task<UserInfo?> VerifyPasswordAsync(string password) =>
        Task.FromResult(_user is not null && PasswordHasher.Verify(password, _user.PasswordHash) ? ToInfo(_user) : null);

    public Task<UserInfo?> GetAsync() => Task.FromResult(_user is null ? null : ToInfo(_user));

    public Task<string?> GetCredentialStampAsync() =>
        Task.FromResult(_user is null ? null : CredentialStamp.Of(_user.UserId, _user.PasswordHash));

    public async Task<UserInfo> OnboardExternalAsync()
    {
        // Written through before it is reported: the id handed out must survive a restart.
        _user ??= await metadata.EnsureUserAsync(
            this.GetPrimaryKeyString(), ExternalPasswordHash, isAdmin: false, clock.GetUtcNow(), CancellationToken.None);
        return ToInfo(_user);
    }

    public async Task<bool> ChangePasswordAsync(string newPassword)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        if (_user is null)
        {
            return false;
        }

        // Written through before the in-memory copy changes: an acknowledged change survives a restart.
        var hash = PasswordHasher.Hash(newPassword);
        if (!await metadata.SetPasswordHashAsync(_user.Username, hash, CancellationToken.None))
        {
            _user = null;
            return false;
        }

        _user = _user with { PasswordHash = hash };
        return true;
    }

    public async Task<bool> DeleteAsync()
    {
        if (_user is null)
        {
            return false;
        }

        var deleted = await metadata.DeleteUserAsync(_user.Username, CancellationToken.None);
        _user = null;
        return deleted;
    }

    private static UserInfo ToInfo(UserRecord record) => new(record.UserId, record.Username, record.IsAdmin);
}
