namespace ArtifactKeeper.Auth;

/// <summary>
/// What an OAuth2 refresh token stands for: one user (by name, id and credential stamp) of one service,
/// until <see cref="ExpiresAt"/>. <see cref="ClientId"/> is kept for auditing, as the OAuth2 spec intends.
/// </summary>
public sealed record RefreshTokenClaims(
    string Subject,
    long UserId,
    string Service,
    string CredentialStamp,
    string ClientId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
