namespace ArtifactKeeper.Auth;

/// <summary>
/// The claims of a registry bearer token that the gateway cares about. An anonymous token has an empty
/// <see cref="Subject"/>.
/// </summary>
public sealed record RegistryTokenClaims(
    string Subject,
    string Audience,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<TokenAccess> Access);
