using System.Data.Common;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>User profiles, admin flags and the user listing.</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly UserListSql UserList = new('$', "MAX");

    public Task<UserAccount?> GetUserAccountAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return ReadAsync((connection, transaction) => FindAccountAsync(connection, transaction, username, cancellationToken), cancellationToken);
    }

    /// <remarks>
    /// Writes are serialized by the group-commit writer, so checking the email before the insert cannot race;
    /// ON CONFLICT still turns a taken name into "nothing inserted" instead of a constraint error.
    /// </remarks>
    public Task<UserWriteOutcome> TryCreateUserAsync(
        string username, UserProfile profile, string passwordHash, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return WriteAsync(
            async (connection, transaction) =>
            {
                if (await FindAccountAsync(connection, transaction, username, cancellationToken) is not null)
                {
                    return UserWriteOutcome.Of(UserWriteStatus.UsernameTaken);
                }

                if (await EmailOwnerAsync(connection, transaction, profile.Email, cancellationToken) is not null)
                {
                    return UserWriteOutcome.Of(UserWriteStatus.EmailTaken);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO users (username, password_hash, is_admin, creation_time, email, realname, comment, update_time)
                    VALUES ($username, $hash, $admin, $at, $email, $realname, $comment, $at)
                    ON CONFLICT DO NOTHING;
                    """,
                    cancellationToken,
                    ("$username", username),
                    ("$hash", passwordHash),
                    ("$admin", isAdmin ? 1 : 0),
                    ("$at", ToUnixMs(at)),
                    ("$email", profile.Email),
                    ("$realname", profile.Realname),
                    ("$comment", profile.Comment));
                var created = await FindAccountAsync(connection, transaction, username, cancellationToken);
                return new UserWriteOutcome(UserWriteStatus.Written, created);
            },
            cancellationToken);
    }

    public Task<UserWriteOutcome> UpdateUserProfileAsync(string username, UserProfile profile, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(profile);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var owner = await EmailOwnerAsync(connection, transaction, profile.Email, cancellationToken);
                if (owner is not null && !string.Equals(owner, username, StringComparison.Ordinal))
                {
                    return UserWriteOutcome.Of(UserWriteStatus.EmailTaken);
                }

                var updated = await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE users SET email = $email, realname = $realname, comment = $comment, update_time = $at WHERE username = $username;",
                    cancellationToken,
                    ("$username", username),
                    ("$email", profile.Email),
                    ("$realname", profile.Realname),
                    ("$comment", profile.Comment),
                    ("$at", ToUnixMs(at)));
                return updated == 0
                    ? UserWriteOutcome.Of(UserWriteStatus.NotFound)
                    : new UserWriteOutcome(UserWriteStatus.Written, await FindAccountAsync(connection, transaction, username, cancellationToken));
            },
            cancellationToken);
    }

    public Task<UserAccount?> SetUserAdminAsync(string username, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var updated = await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE users SET is_admin = $admin, update_time = $at WHERE username = $username;",
                    cancellationToken,
                    ("$username", username),
                    ("$admin", isAdmin ? 1 : 0),
                    ("$at", ToUnixMs(at)));
                return updated == 0 ? null : await FindAccountAsync(connection, transaction, username, cancellationToken);
            },
            cancellationToken);
    }

    public Task<ListPage<UserAccount>> ListUsersAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = UserList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<UserAccount>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(UserAccountRows.Read(reader));
                }

                return new ListPage<UserAccount>(items, total);
            },
            cancellationToken);
    }

    public Task<string?> FindUsernameAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, "SELECT username FROM users WHERE user_id = $id;", ("$id", userId));
                return (string?)await command.ExecuteScalarAsync(cancellationToken);
            },
            cancellationToken);

    private static async Task<UserAccount?> FindAccountAsync(
        SqliteConnection connection, SqliteTransaction transaction, string username, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {UserList.Columns} FROM users u WHERE u.username = $username;", ("$username", username));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? UserAccountRows.Read(reader) : null;
    }

    private static async Task<string?> EmailOwnerAsync(
        SqliteConnection connection, SqliteTransaction transaction, string email, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT username FROM users WHERE email = $email;", ("$email", email));
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
