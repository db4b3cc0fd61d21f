using System.Text.Json.Serialization;

namespace ArtifactKeeper.Auth;

/// <summary>
/// The token server's answer: <c>token</c> and <c>access_token</c> (the same JWT, for old and OAuth2 clients),
/// <c>expires_in</c>, <c>issued_at</c>, the granted <c>scope</c>, and a <c>refresh_token</c> when one was asked for.
/// </summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("issued_at")] string IssuedAt,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken);
