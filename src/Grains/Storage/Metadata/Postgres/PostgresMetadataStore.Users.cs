namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    public async Task<bool> SetPasswordHashAsync(string username, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return await ExecuteAsync(
            "UPDATE users SET password_hash = @hash WHERE username = @username;",
            cancellationToken,
            P("username", username),
            P("hash", passwordHash)) > 0;
    }

    public async Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return await ExecuteAsync("DELETE FROM users WHERE username = @username;", cancellationToken, P("username", username)) > 0;
    }
}
