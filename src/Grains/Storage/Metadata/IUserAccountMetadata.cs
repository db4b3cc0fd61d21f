using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>Local users' profiles and admin flags; written by the user grain before it acknowledges.</summary>
public interface IUserAccountMetadata
{
    /// <summary>The account named <paramref name="username"/>, or null.</summary>
    Task<UserAccount?> GetUserAccountAsync(string username, CancellationToken cancellationToken);

    /// <summary>Creates the user with its profile unless the username or the email is taken.</summary>
    Task<UserWriteOutcome> TryCreateUserAsync(
        string username, UserProfile profile, string passwordHash, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces email, real name and comment unless the email belongs to another user.</summary>
    Task<UserWriteOutcome> UpdateUserProfileAsync(string username, UserProfile profile, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sets the system admin flag; null when there is no such user.</summary>
    Task<UserAccount?> SetUserAdminAsync(string username, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>Cross-entity reads over users (DESIGN §3): listings and lookups by id.</summary>
public interface IUserQueries
{
    /// <summary>One page of the users matching the query's filters on <see cref="UserFields"/>, sorted, and the total.</summary>
    Task<ListPage<UserAccount>> ListUsersAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>The name of the user with this id, or null.</summary>
    Task<string?> FindUsernameAsync(long userId, CancellationToken cancellationToken);
}

/// <summary>What a user write did.</summary>
public enum UserWriteStatus
{
    Written = 0,
    NotFound,
    UsernameTaken,
    EmailTaken,
}

/// <summary>The result of a user write: the account afterwards when <see cref="Status"/> is Written.</summary>
public sealed record UserWriteOutcome(UserWriteStatus Status, UserAccount? Account)
{
    public static UserWriteOutcome Of(UserWriteStatus status) => new(status, null);
}
