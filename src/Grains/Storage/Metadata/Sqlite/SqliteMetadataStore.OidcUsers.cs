using System.Text.Json;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    private const string OidcUserSelect = """
        SELECT u.user_id, u.username, u.is_admin, o.issuer, o.subject, o.cli_secret, o.groups, o.creation_time, o.update_time
        FROM oidc_users o JOIN users u ON u.user_id = o.user_id
        """;

    public Task<OidcUserRecord?> FindOidcUserAsync(string issuer, string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return ReadAsync(
            (connection, transaction) => QueryOidcUserAsync(
                connection, transaction, $"{OidcUserSelect} WHERE o.issuer = $issuer AND o.subject = $subject;", cancellationToken,
                ("$issuer", issuer), ("$subject", subject)),
            cancellationToken);
    }

    public Task<OidcUserRecord?> FindOidcUserByNameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return ReadAsync(
            (connection, transaction) => QueryOidcUserAsync(
                connection, transaction, $"{OidcUserSelect} WHERE u.username = $username;", cancellationToken, ("$username", username)),
            cancellationToken);
    }

    public Task<OidcUserRecord?> FindOidcUserByIdAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync(
            (connection, transaction) => QueryOidcUserAsync(
                connection, transaction, $"{OidcUserSelect} WHERE o.user_id = $id;", cancellationToken, ("$id", userId)),
            cancellationToken);

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
                var existing = await QueryOidcUserAsync(
                    connection, transaction, $"{OidcUserSelect} WHERE o.issuer = $issuer AND o.subject = $subject;", cancellationToken,
                    ("$issuer", onboarding.Issuer), ("$subject", onboarding.Subject));
                if (existing is not null)
                {
                    return new OidcOnboardResult(OidcOnboardStatus.AlreadyOnboarded, existing);
                }

                await using var insert = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO users (username, password_hash, is_admin, creation_time) VALUES ($username, $hash, 0, $at)
                    ON CONFLICT (username) DO NOTHING
                    RETURNING user_id;
                    """,
                    ("$username", onboarding.Username),
                    ("$hash", OidcUserRecord.NoPassword),
                    ("$at", ToUnixMs(at)));
                if (await insert.ExecuteScalarAsync(cancellationToken) is not long userId)
                {
                    return new OidcOnboardResult(OidcOnboardStatus.UsernameTaken, null);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO oidc_users (user_id, issuer, subject, cli_secret, groups, creation_time, update_time)
                    VALUES ($id, $issuer, $subject, $secret, $groups, $at, $at);
                    """,
                    cancellationToken,
                    ("$id", userId),
                    ("$issuer", onboarding.Issuer),
                    ("$subject", onboarding.Subject),
                    ("$secret", onboarding.EncryptedSecret),
                    ("$groups", JsonSerializer.Serialize(onboarding.Groups)),
                    ("$at", ToUnixMs(at)));
                var created = await QueryOidcUserAsync(connection, transaction, $"{OidcUserSelect} WHERE o.user_id = $id;", cancellationToken, ("$id", userId));
                return new OidcOnboardResult(OidcOnboardStatus.Onboarded, created);
            },
            cancellationToken);
    }

    public Task<bool> SetOidcCliSecretAsync(long userId, string encryptedSecret, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(encryptedSecret);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection, transaction, "UPDATE oidc_users SET cli_secret = $secret, update_time = $at WHERE user_id = $id;", cancellationToken,
                ("$id", userId), ("$secret", encryptedSecret), ("$at", ToUnixMs(at))) > 0,
            cancellationToken);
    }

    public Task<bool> SetOidcGroupsAsync(long userId, IReadOnlyList<string> groups, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection, transaction, "UPDATE oidc_users SET groups = $groups, update_time = $at WHERE user_id = $id;", cancellationToken,
                ("$id", userId), ("$groups", JsonSerializer.Serialize(groups)), ("$at", ToUnixMs(at))) > 0,
            cancellationToken);
    }

    private static async Task<OidcUserRecord?> QueryOidcUserAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return OidcUserRows.Read(reader);
    }
}
