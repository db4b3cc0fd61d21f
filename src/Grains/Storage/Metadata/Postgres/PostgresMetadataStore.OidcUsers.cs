using System.Text.Json;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;
using NpgsqlTypes;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    private const string OidcUserSelect = """
        SELECT u.user_id, u.username, u.is_admin, o.issuer, o.subject, o.cli_secret, o.groups, o.creation_time, o.update_time
        FROM oidc_users o JOIN users u ON u.user_id = o.user_id
        """;

    public async Task<OidcUserRecord?> FindOidcUserAsync(string issuer, string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var rows = await QueryAsync(
            $"{OidcUserSelect} WHERE o.issuer = @issuer AND o.subject = @subject;", OidcUserRows.Read, cancellationToken, P("issuer", issuer), P("subject", subject));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<OidcUserRecord?> FindOidcUserByNameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        var rows = await QueryAsync($"{OidcUserSelect} WHERE u.username = @username;", OidcUserRows.Read, cancellationToken, P("username", username));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<OidcUserRecord?> FindOidcUserByIdAsync(long userId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"{OidcUserSelect} WHERE o.user_id = @id;", OidcUserRows.Read, cancellationToken, P("id", userId));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>
    /// Two onboardings of one subject racing each other: the second one's user insert waits on the first one's
    /// username and then finds it taken; the caller looks the subject up again and finds the winner.
    /// </remarks>
    public Task<OidcOnboardResult> OnboardOidcUserAsync(OidcOnboarding onboarding, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onboarding);
        ArgumentException.ThrowIfNullOrEmpty(onboarding.Username);
        ArgumentException.ThrowIfNullOrEmpty(onboarding.Issuer);
        ArgumentException.ThrowIfNullOrEmpty(onboarding.Subject);
        ArgumentException.ThrowIfNullOrEmpty(onboarding.EncryptedSecret);
        ArgumentNullException.ThrowIfNull(onboarding.Groups);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await ReadOneAsync(
                    connection, transaction, $"{OidcUserSelect} WHERE o.issuer = @issuer AND o.subject = @subject;", cancellationToken,
                    P("issuer", onboarding.Issuer), P("subject", onboarding.Subject));
                if (existing is not null)
                {
                    return new OidcOnboardResult(OidcOnboardStatus.AlreadyOnboarded, existing);
                }

                await using var insert = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO users (username, password_hash, is_admin, creation_time) VALUES (@username, @hash, false, @at)
                    ON CONFLICT (username) DO NOTHING
                    RETURNING user_id;
                    """,
                    P("username", onboarding.Username),
                    P("hash", OidcUserRecord.NoPassword),
                    P("at", ToUnixMs(at)));
                if (await insert.ExecuteScalarAsync(cancellationToken) is not long userId)
                {
                    return new OidcOnboardResult(OidcOnboardStatus.UsernameTaken, null);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO oidc_users (user_id, issuer, subject, cli_secret, groups, creation_time, update_time)
                    VALUES (@id, @issuer, @subject, @secret, @groups, @at, @at);
                    """,
                    cancellationToken,
                    P("id", userId),
                    P("issuer", onboarding.Issuer),
                    P("subject", onboarding.Subject),
                    P("secret", onboarding.EncryptedSecret),
                    Groups("groups", onboarding.Groups),
                    P("at", ToUnixMs(at)));
                var created = await ReadOneAsync(connection, transaction, $"{OidcUserSelect} WHERE o.user_id = @id;", cancellationToken, P("id", userId));
                return new OidcOnboardResult(OidcOnboardStatus.Onboarded, created);
            },
            cancellationToken);
    }

    public async Task<bool> SetOidcCliSecretAsync(long userId, string encryptedSecret, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(encryptedSecret);
        return await ExecuteAsync(
            "UPDATE oidc_users SET cli_secret = @secret, update_time = @at WHERE user_id = @id;",
            cancellationToken,
            P("id", userId),
            P("secret", encryptedSecret),
            P("at", ToUnixMs(at))) > 0;
    }

    public async Task<bool> SetOidcGroupsAsync(long userId, IReadOnlyList<string> groups, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return await ExecuteAsync(
            "UPDATE oidc_users SET groups = @groups, update_time = @at WHERE user_id = @id;",
            cancellationToken,
            P("id", userId),
            Groups("groups", groups),
            P("at", ToUnixMs(at))) > 0;
    }

    private static async Task<OidcUserRecord?> ReadOneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? OidcUserRows.Read(reader) : null;
    }

    private static NpgsqlParameter<string> Groups(string name, IReadOnlyList<string> groups) =>
        new(name, NpgsqlDbType.Jsonb) { TypedValue = JsonSerializer.Serialize(groups) };
}
