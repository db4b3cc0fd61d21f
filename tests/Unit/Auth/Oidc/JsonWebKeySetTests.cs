using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Auth.Oidc;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class JsonWebKeySetTests
{
    private static JsonWebKeySet Parse(JsonObject jwks)
    {
        Assert.True(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(jwks.ToJsonString()), out var set, out var error), error);
        return set!;
    }

    [Fact]
    public void Rsa_and_ec_signing_keys_are_loaded_for_their_algorithms()
    {
        using var rsa = TestSigningKey.Rsa("r");
        using var ec = TestSigningKey.Ec("e");

        var set = Parse(TestSigningKey.Jwks(rsa, ec));

        Assert.Equal(2, set.Count);
        Assert.Single(set.Candidates("r", "RS256"));
        Assert.Single(set.Candidates("e", "ES256"));
        Assert.Empty(set.Candidates("r", "ES256"));
        Assert.Empty(set.Candidates("e", "ES384"));
    }

    [Fact]
    public void Key_pinned_to_an_algorithm_fits_no_other()
    {
        using var rsa = TestSigningKey.Rsa("r");

        var set = Parse(TestSigningKey.Jwks(rsa));

        Assert.Empty(set.Candidates("r", "PS256"));
        Assert.Empty(set.Candidates("r", "HS256"));
    }

    [Fact]
    public void Symmetric_encryption_and_weak_keys_are_left_out()
    {
        using var small = RSA.Create(1024);
        var p = small.ExportParameters(false);
        using var encryption = TestSigningKey.Rsa("enc");
        var encryptionJwk = encryption.Jwk();
        encryptionJwk["use"] = "enc";
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject { ["kty"] = "oct", ["kid"] = "hmac", ["k"] = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0" },
                new JsonObject { ["kty"] = "RSA", ["kid"] = "small", ["n"] = Convert.ToBase64String(p.Modulus!).TrimEnd('=').Replace('+', '-').Replace('/', '_'), ["e"] = "AQAB" },
                new JsonObject { ["kty"] = "EC", ["kid"] = "odd-curve", ["crv"] = "secp256k1", ["x"] = "AA", ["y"] = "AA" },
                new JsonObject { ["kty"] = "RSA", ["kid"] = "broken", ["n"] = "!!", ["e"] = "AQAB" },
                encryptionJwk,
                "not an object"),
        };

        var set = Parse(jwks);

        Assert.Equal(0, set.Count);
        Assert.False(set.Contains("hmac"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"keys\":{}}")]
    public void Document_without_a_keys_array_is_refused(string json)
    {
        Assert.False(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.NotNull(error);
    }
}
