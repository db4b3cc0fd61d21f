using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Access;

/// <summary>One local user. Password checks happen here so the hash never leaves the silo.</summary>
[GrainType("user")]
public sealed class UserGrain(IUserMetadata metadata) : Grain, IUserGrain
{
    private UserRecord? _user;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _user = await metadata.GetUserAsync(this.GetPrimaryKeyString(), cancellationToken);

    public Task<UserInfo?> VerifyPasswordAsync(string password) =>
        Task.FromResult(_user is not null && PasswordHasher.Verify(password, _user.PasswordHash) ? ToInfo(_user) : null);

    public Task<UserInfo?> GetAsync() => Task.FromResult(_user is null ? null : ToInfo(_user));

    private static UserInfo ToInfo(UserRecord record) => new(record.UserId, record.Username, record.IsAdmin);
}
