using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>User profiles, admin flags and the user listing.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly UserListSql UserList = new('@', "GREATEST");

    public async Task<UserAccount?> GetUserAccountAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        var rows = await QueryAsync($"SELECT {UserList.Columns} FROM users u WHERE u.username = @username;", UserAccountRows.Read, cancellationToken, P("username", username));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>ON CONFLICT without a target covers both unique columns; which one was taken is looked up afterwards.</remarks>
    public async Task<UserWriteOutcome> TryCreateUserAsync(
        string username, UserProfile profile, string passwordHash, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        var rows = await QueryAsync(
            $"""
            INSERT INTO users AS u (username, password_hash, is_admin, creation_time, email, realname, comment, update_time)
            VALUES (@username, @hash, @admin, @at, @email, @realname, @comment, @at)
            ON CONFLICT DO NOTHING
            RETURNING {UserList.Columns};
            """,
            UserAccountRows.Read,
            cancellationToken,
            P("username", username),
            P("hash", passwordHash),
            P("admin", isAdmin),
            P("at", ToUnixMs(at)),
            P("email", profile.Email),
            P("realname", profile.Realname),
            P("comment", profile.Comment));
        if (rows.Count > 0)
        {
            return new UserWriteOutcome(UserWriteStatus.Written, rows[0]);
        }

        var nameTaken = await QueryAsync("SELECT 1 FROM users WHERE username = @username;", r => r.GetInt32(0), cancellationToken, P("username", username));
        return UserWriteOutcome.Of(nameTaken.Count > 0 ? UserWriteStatus.UsernameTaken : UserWriteStatus.EmailTaken);
    }

    /// <remarks>One statement: the unique index decides a race for an email, reported as <see cref="UserWriteStatus.EmailTaken"/>.</remarks>
    public async Task<UserWriteOutcome> UpdateUserProfileAsync(string username, UserProfile profile, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(profile);
        try
        {
            var rows = await QueryAsync(
                $"""
                UPDATE users AS u SET email = @email, realname = @realname, comment = @comment, update_time = @at
                WHERE u.username = @username
                RETURNING {UserList.Columns};
                """,
                UserAccountRows.Read,
                cancellationToken,
                P("username", username),
                P("email", profile.Email),
                P("realname", profile.Realname),
                P("comment", profile.Comment),
                P("at", ToUnixMs(at)));
            return rows.Count == 0 ? UserWriteOutcome.Of(UserWriteStatus.NotFound) : new UserWriteOutcome(UserWriteStatus.Written, rows[0]);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return UserWriteOutcome.Of(UserWriteStatus.EmailTaken);
        }
    }

    public async Task<UserAccount?> SetUserAdminAsync(string username, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        var rows = await QueryAsync(
            $"UPDATE users AS u SET is_admin = @admin, update_time = @at WHERE u.username = @username RETURNING {UserList.Columns};",
            UserAccountRows.Read,
            cancellationToken,
            P("username", username),
            P("admin", isAdmin),
            P("at", ToUnixMs(at)));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<ListPage<UserAccount>> ListUsersAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = UserList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<UserAccount>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(UserAccountRows.Read(reader));
                }

                return new ListPage<UserAccount>(items, total);
            },
            cancellationToken);
    }

    public async Task<string?> FindUsernameAsync(long userId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT username FROM users WHERE user_id = @id;", r => r.GetString(0), cancellationToken, P("id", userId));
        return rows.Count == 0 ? null : rows[0];
    }
}
