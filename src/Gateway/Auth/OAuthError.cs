namespace ArtifactKeeper.Auth;

/// <summary>
/// OAuth2 error responses of the token endpoint's POST (RFC 6749 §5.2): <c>{"error","error_description"}</c>,
/// 400 for everything except a failed client authentication (401).
/// </summary>
public static class OAuthError
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidGrant = "invalid_grant";
    public const string InvalidScope = "invalid_scope";
    public const string UnsupportedGrantType = "unsupported_grant_type";

    public static IResult BadRequest(string error, string description) =>
        Results.Json(new Body(error, description), statusCode: StatusCodes.Status400BadRequest);

    private sealed record Body(
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
        [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string Description);
}
