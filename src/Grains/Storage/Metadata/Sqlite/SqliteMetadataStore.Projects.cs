using ArtifactKeeper.Projects;
using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    public Task<ProjectRecord?> GetProjectAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ReadAsync<ProjectRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, $"SELECT {ProjectRows.Columns} FROM projects WHERE name = $name;", ("$name", name));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? ProjectRows.Read(reader) : null;
            },
            cancellationToken);
    }

    /// <remarks>ON CONFLICT DO NOTHING turns a taken name into "no row returned" rather than a constraint error.</remarks>
    public Task<ProjectRecord?> TryCreateProjectAsync(
        string name, string ownerName, IReadOnlyDictionary<string, string> metadata, DateTimeOffset at, CancellationToken cancellationToken) =>
        TryCreateProjectAsync(name, ownerName, metadata, StorageLimits.Unlimited, at, cancellationToken);

    /// <remarks>The project's quota row is inserted in the same transaction.</remarks>
    public Task<ProjectRecord?> TryCreateProjectAsync(
        string name, string ownerName, IReadOnlyDictionary<string, string> metadata, long storageLimit, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ownerName);
        ArgumentNullException.ThrowIfNull(metadata);
        return WriteAsync<ProjectRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO projects (name, owner_name, metadata, creation_time, update_time)
                    VALUES ($name, $owner, $metadata, $at, $at)
                    ON CONFLICT (name) DO NOTHING
                    RETURNING {ProjectRows.Columns};
                    """,
                    ("$name", name),
                    ("$owner", ownerName),
                    ("$metadata", ToJson(metadata)),
                    ("$at", ToUnixMs(at)));
                ProjectRecord? created;
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    created = await reader.ReadAsync(cancellationToken) ? ProjectRows.Read(reader) : null;
                }

                if (created is not null)
                {
                    await AddOwnerMembershipAsync(connection, transaction, created, cancellationToken);
                    await CreateQuotaAsync(connection, transaction, created.ProjectId, storageLimit, at, cancellationToken);
                }

                return created;
            },
            cancellationToken);
    }

    public Task<UserRecord?> GetUserAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return ReadAsync(
            (connection, transaction) => FindUserAsync(connection, transaction, username, cancellationToken),
            cancellationToken);
    }

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
                    INSERT INTO users (username, password_hash, is_admin, creation_time) VALUES ($username, $hash, $admin, $at)
                    ON CONFLICT (username) DO NOTHING;
                    """,
                    cancellationToken,
                    ("$username", username),
                    ("$hash", passwordHash),
                    ("$admin", isAdmin ? 1 : 0),
                    ("$at", ToUnixMs(at)));
                return (await FindUserAsync(connection, transaction, username, cancellationToken))!;
            },
            cancellationToken);
    }

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
                    "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO NOTHING;",
                    cancellationToken,
                    ("$key", key),
                    ("$value", value));
                await using var command = Command(connection, transaction, "SELECT value FROM settings WHERE key = $key;", ("$key", key));
                return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            cancellationToken);
    }

    private static async Task<UserRecord?> FindUserAsync(
        SqliteConnection connection, SqliteTransaction transaction, string username, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            "SELECT user_id, username, password_hash, is_admin, creation_time FROM users WHERE username = $username;",
            ("$username", username));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return UserRows.Read(reader);
    }
}
