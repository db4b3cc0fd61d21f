using System.Text;
using ArtifactKeeper.Auth.Oidc;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class OidcDiscoveryDocumentTests
{
    private const string Issuer = "https://idp.example.com/realms/main";

    private static bool Parse(string json, out OidcDiscoveryDocument? document, out string? error) =>
        OidcDiscoveryDocument.TryParse(Encoding.UTF8.GetBytes(json), Issuer, out document, out error);

    [Fact]
    public void Document_of_the_expected_issuer_is_read()
    {
        var json = $$"""
            {"issuer":"{{Issuer}}","jwks_uri":"{{Issuer}}/certs","authorization_endpoint":"{{Issuer}}/auth","token_endpoint":"{{Issuer}}/token","extra":1}
            """;

        Assert.True(Parse(json, out var document, out var error), error);
        Assert.Equal(new OidcDiscoveryDocument(Issuer, new Uri(Issuer + "/certs"), new Uri(Issuer + "/auth"), new Uri(Issuer + "/token")), document);
    }

    [Theory]
    [InlineData("""{"issuer":"https://evil.example.com","jwks_uri":"https://evil.example.com/certs"}""", "issuer")]
    [InlineData("""{"issuer":"https://idp.example.com/realms/main/","jwks_uri":"https://idp.example.com/certs"}""", "issuer")]
    [InlineData("""{"issuer":"https://idp.example.com/realms/main"}""", "jwks_uri")]
    [InlineData("""{"issuer":"https://idp.example.com/realms/main","jwks_uri":"http://idp.example.com/certs"}""", "jwks_uri")]
    [InlineData("""{"issuer":"https://idp.example.com/realms/main","jwks_uri":"certs"}""", "jwks_uri")]
    [InlineData("""[1]""", "object")]
    [InlineData("""<html>""", "JSON")]
    public void Bad_document_is_refused_naming_the_problem(string json, string mentioned)
    {
        Assert.False(Parse(json, out var document, out var error));
        Assert.Null(document);
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://idp.example.com", true)]
    [InlineData("http://127.0.0.1:8080/realms/x", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://idp.example.com", false)]
    [InlineData("https://idp.example.com?x=1", false)]
    [InlineData("https://user:pw@idp.example.com", false)]
    [InlineData("ftp://idp.example.com", false)]
    [InlineData("idp.example.com", false)]
    [InlineData("", false)]
    public void Issuer_must_be_https_or_loopback_http(string issuer, bool valid)
    {
        Assert.Equal(valid, OidcEndpoint.TryParseIssuer(issuer, out _, out _));
    }

    [Fact]
    public void Discovery_url_drops_a_trailing_slash_of_the_issuer()
    {
        Assert.Equal("https://idp.example.com/r/.well-known/openid-configuration", OidcEndpoint.DiscoveryUrl("https://idp.example.com/r/").ToString());
    }
}
