namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    public Task<bool> SetPasswordHashAsync(string username, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE users SET password_hash = $hash WHERE username = $username;",
                cancellationToken,
                ("$username", username),
                ("$hash", passwordHash)) > 0,
            cancellationToken);
    }

    public Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection, transaction, "DELETE FROM users WHERE username = $username;", cancellationToken, ("$username", username)) > 0,
            cancellationToken);
    }
}
