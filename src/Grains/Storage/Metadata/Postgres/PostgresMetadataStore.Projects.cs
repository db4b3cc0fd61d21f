using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    private const string UserColumns = "user_id, username, password_hash, is_admin, creation_time";

    public async Task<ProjectRecord?> GetProjectAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var rows = await QueryAsync($"SELECT {ProjectRows.Columns} FROM projects WHERE name = @name;", ProjectRows.Read, cancellationToken, P("name", name));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>
    /// ON CONFLICT DO NOTHING turns a taken name into "no row returned" rather than a constraint error. The owner
    /// becomes the project's Project Admin in the same statement, as Harbor does on creation.
    /// </remarks>
    public Task<ProjectRecord?> TryCreateProjectAsync(
        string name, string ownerName, IReadOnlyDictionary<string, string> metadata, DateTimeOffset at, CancellationToken cancellationToken) =>
        TryCreateProjectAsync(name, ownerName, metadata, StorageLimits.Unlimited, at, cancellationToken);

    /// <remarks>The project's quota row is inserted by the same statement.</remarks>
    public async Task<ProjectRecord?> TryCreateProjectAsync(
        string name, string ownerName, IReadOnlyDictionary<string, string> metadata, long storageLimit, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ownerName);
        ArgumentNullException.ThrowIfNull(metadata);
        var rows = await QueryAsync(
            $"""
            WITH created AS (
                INSERT INTO projects (name, owner_name, metadata, creation_time, update_time)
                VALUES (@name, @owner, @metadata, @at, @at)
                ON CONFLICT (name) DO NOTHING
                RETURNING {ProjectRows.Columns}
            ), owner_membership AS (
                {OwnerMembershipSql}
            ), quota AS (
                {CreateQuotaSql}
            )
            SELECT {ProjectRows.Columns} FROM created;
            """,
            ProjectRows.Read,
            cancellationToken,
            P("name", name),
            P("owner", ownerName),
            Json("metadata", metadata),
            P("at", ToUnixMs(at)),
            P("storageLimit", storageLimit));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<UserRecord?> GetUserAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        var rows = await QueryAsync($"SELECT {UserColumns} FROM users WHERE username = @username;", UserRows.Read, cancellationToken, P("username", username));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>
    /// Insert and read are separate statements: under READ COMMITTED the read takes a fresh snapshot,
    /// so it sees the row a racing caller committed while this insert waited on it.
    /// </remarks>
    public Task<UserRecord> EnsureUserAsync(string username, string passwordHash, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO users (username, password_hash, is_admin, creation_time) VALUES (@username, @hash, @admin, @at)
                    ON CONFLICT (username) DO NOTHING;
                    """,
                    cancellationToken,
                    P("username", username),
                    P("hash", passwordHash),
                    P("admin", isAdmin),
                    P("at", ToUnixMs(at)));
                await using var command = Command(connection, transaction, $"SELECT {UserColumns} FROM users WHERE username = @username;", P("username", username));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return UserRows.Read(reader);
            },
            cancellationToken);
    }

    /// <remarks>Two statements for the same reason as <see cref="EnsureUserAsync"/>.</remarks>
    public Task<string> GetOrAddSettingAsync(string key, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING;",
                    cancellationToken,
                    P("key", key),
                    P("value", value));
                await using var command = Command(connection, transaction, "SELECT value FROM settings WHERE key = @key;", P("key", key));
                return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            cancellationToken);
    }
}
