using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Docker Registry v2 token server at <c>/service/token</c>: GET with Basic credentials (docker,
/// podman, skopeo, helm) and POST with the OAuth2 password grant (containerd, oras).
/// </summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/service/token", IssueFromQueryAsync);
        app.MapPost("/service/token", IssueFromFormAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> IssueFromQueryAsync(HttpContext context, RegistryAuthenticator authenticator, ProjectDirectory projects, RegistryTokenService tokens)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind is CallerKind.Invalid or CallerKind.Token)
        {
            return Unauthorized(context);
        }

        return await IssueAsync(caller.User, context.Request.Query["scope"].OfType<string>(), projects, tokens, context.RequestAborted);
    }

    private static async Task<IResult> IssueFromFormAsync(HttpContext context, RegistryAuthenticator authenticator, ProjectDirectory projects, RegistryTokenService tokens)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.Json(new { error = "invalid_request", error_description = "expected a form body" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        UserInfo? user = null;
        if (string.Equals(form["grant_type"], "password", StringComparison.Ordinal))
        {
            var outcome = await authenticator.LoginAsync(new BasicCredentials(form["username"].ToString(), form["password"].ToString()), context);
            if (outcome.Status == LoginStatus.Throttled)
            {
                return LoginRefusals.Oci(context, outcome.RetryAfter);
            }

            user = outcome.User;
            if (user is null)
            {
                return Unauthorized(context);
            }
        }
        else
        {
            var caller = await authenticator.AuthenticateAsync(context);
            if (caller.Kind == CallerKind.Invalid)
            {
                return Unauthorized(context);
            }

            user = caller.User;
        }

        return await IssueAsync(user, form["scope"].OfType<string>(), projects, tokens, context.RequestAborted);
    }

    private static async Task<IResult> IssueAsync(UserInfo? user, IEnumerable<string> scopeValues, ProjectDirectory projects, RegistryTokenService tokens, CancellationToken cancellationToken)
    {
        if (!RegistryScopeParser.TryParseAll(scopeValues, out var scopes, out var invalid))
        {
            return Results.Json(new { errors = new[] { new { code = "BAD_REQUEST", message = $"invalid scope '{invalid}'" } } }, statusCode: StatusCodes.Status400BadRequest);
        }

        var access = new List<TokenAccess>();
        foreach (var scope in scopes)
        {
            var granted = await GrantAsync(user, scope, projects);
            if (granted.Count > 0)
            {
                access.Add(new TokenAccess(scope.Type, scope.Name, granted));
            }
        }

        var (token, claims) = await tokens.IssueAsync(user?.Username ?? string.Empty, access, cancellationToken);
        return Results.Json(new TokenResponse(
            token,
            token,
            (int)(claims.ExpiresAt - claims.IssuedAt).TotalSeconds,
            claims.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
    }

    private static async ValueTask<IReadOnlyList<string>> GrantAsync(UserInfo? user, RegistryScope scope, ProjectDirectory projects)
    {
        switch (scope.Type)
        {
            case "repository" when OciGrammar.IsValidRepositoryName(scope.Name):
                var project = await projects.FindAsync(RegistryKeys.ProjectOf(scope.Name));
                return AccessPolicy.GrantedActions(user, project, scope.Actions.ToList());
            case "registry" when scope.Name == "catalog" && user is { IsAdmin: true }:
                return scope.Actions.Where(a => a == "*").ToList();
            default:
                return [];
        }
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"artifactkeeper\"";
        return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "invalid credentials" } } }, statusCode: StatusCodes.Status401Unauthorized);
    }

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("issued_at")] string IssuedAt);
}
