using System.Text.Json;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>The parts of a provider's discovery document (<c>/.well-known/openid-configuration</c>) the registry uses.</summary>
public sealed record OidcDiscoveryDocument(string Issuer, Uri JwksUri, Uri? AuthorizationEndpoint, Uri? TokenEndpoint)
{
    /// <summary>
    /// Reads a discovery document. Its <c>issuer</c> must equal <paramref name="expectedIssuer"/> exactly
    /// (OpenID Connect Discovery §4.3): a document claiming another issuer could hand out keys for tokens it
    /// has no say over. <c>jwks_uri</c> is required; endpoints must follow <see cref="OidcEndpoint"/>'s rules.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, string expectedIssuer, out OidcDiscoveryDocument? document, out string? error)
    {
        ArgumentNullException.ThrowIfNull(expectedIssuer);
        document = null;
        JsonElement root;
        try
        {
            using var parsed = JsonDocument.Parse(json.ToArray());
            root = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            error = "the discovery document is not JSON";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the discovery document is not a JSON object";
            return false;
        }

        var issuer = StringOf(root, "issuer");
        if (!string.Equals(issuer, expectedIssuer, StringComparison.Ordinal))
        {
            error = $"the discovery document names issuer '{issuer}', expected '{expectedIssuer}'";
            return false;
        }

        if (!TryUrl(root, "jwks_uri", required: true, out var jwks, out error)
            || !TryUrl(root, "authorization_endpoint", required: false, out var authorization, out error)
            || !TryUrl(root, "token_endpoint", required: false, out var token, out error))
        {
            return false;
        }

        document = new OidcDiscoveryDocument(issuer!, jwks!, authorization, token);
        return true;
    }

    private static bool TryUrl(JsonElement root, string name, bool required, out Uri? url, out string? error)
    {
        url = null;
        error = null;
        var value = StringOf(root, name);
        if (value is null)
        {
            if (required)
            {
                error = $"the discovery document has no {name}";
            }

            return !required;
        }

        if (!OidcEndpoint.TryParseUrl(value, out url, out var reason))
        {
            error = $"the discovery document's {name} {reason}";
            return false;
        }

        return true;
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
