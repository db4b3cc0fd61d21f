using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Auth.Oidc;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class IdTokenValidatorTests : IDisposable
{
    private const string Issuer = "https://idp.example.com/realms/main";
    private const string ClientId = "artifactkeeper";
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly TestSigningKey _rsa = TestSigningKey.Rsa("rsa-1");
    private readonly TestSigningKey _ec = TestSigningKey.Ec("ec-1");
    private readonly TestSigningKey _stranger = TestSigningKey.Rsa("rsa-1");

    private JsonWebKeySet Keys => Parse(TestSigningKey.Jwks(_rsa, _ec));

    private static JsonObject Claims(DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null, params (string, JsonNode?)[] more) =>
        TestSigningKey.Claims(Issuer, ClientId, "subject-1", issuedAt ?? Now, lifetime, more);

    private IdTokenValidation Validate(string token, string? nonce = null) =>
        IdTokenValidator.Validate(token, Keys, new IdTokenExpectations(Issuer, ClientId, Now, nonce));

    [Fact]
    public void Rs256_token_signed_by_a_published_key_is_valid_with_its_claims()
    {
        var result = Validate(_rsa.Sign(Claims(more: ("name", "alice"))));

        Assert.Equal(IdTokenStatus.Valid, result.Status);
        Assert.Equal("subject-1", result.Claims.GetProperty("sub").GetString());
        Assert.Equal("alice", result.Claims.GetProperty("name").GetString());
    }

    [Fact]
    public void Es256_token_is_valid()
    {
        Assert.Equal(IdTokenStatus.Valid, Validate(_ec.Sign(Claims())).Status);
    }

    [Fact]
    public void Token_without_kid_is_checked_against_every_key_that_fits()
    {
        Assert.Equal(IdTokenStatus.Valid, Validate(_ec.Sign(Claims(), keyId: null)).Status);
    }

    [Fact]
    public void Token_signed_by_another_key_with_a_published_kid_has_a_bad_signature()
    {
        Assert.Equal(IdTokenStatus.BadSignature, Validate(_stranger.Sign(Claims())).Status);
    }

    [Fact]
    public void Token_with_a_changed_payload_has_a_bad_signature()
    {
        var token = _rsa.Sign(Claims());
        var parts = token.Split('.');
        var forged = TestSigningKey.Unsigned(Claims(more: ("sub", "admin"))).Split('.')[1];

        Assert.Equal(IdTokenStatus.BadSignature, Validate($"{parts[0]}.{forged}.{parts[2]}").Status);
    }

    [Fact]
    public void Token_naming_an_unknown_kid_is_unknown_key()
    {
        var result = Validate(_stranger.Sign(Claims(), keyId: "rotated-2"));

        Assert.Equal(IdTokenStatus.UnknownKey, result.Status);
        Assert.Equal("rotated-2", result.KeyId);
    }

    [Fact]
    public void Rsa_kid_with_an_ec_algorithm_does_not_fit()
    {
        Assert.Equal(IdTokenStatus.UnknownKey, Validate(_ec.Sign(Claims(), keyId: "rsa-1")).Status);
    }

    [Fact]
    public void Alg_none_is_refused()
    {
        Assert.Equal(IdTokenStatus.UnsupportedAlgorithm, Validate(TestSigningKey.Unsigned(Claims())).Status);
    }

    [Fact]
    public void Hs256_keyed_with_the_public_key_is_refused()
    {
        var publicKey = Encoding.UTF8.GetBytes(_rsa.Jwk().ToJsonString());

        Assert.Equal(IdTokenStatus.UnsupportedAlgorithm, Validate(TestSigningKey.Hmac(Claims(), publicKey, "rsa-1")).Status);
    }

    [Fact]
    public void Header_with_crit_is_malformed()
    {
        var token = _rsa.Sign(Claims(), extraHeader: new JsonObject { ["crit"] = new JsonArray("exp"), ["exp"] = 1 });

        Assert.Equal(IdTokenStatus.Malformed, Validate(token).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("e30.e30.x y")]
    [InlineData("!!!.e30.e30")]
    public void Garbage_is_malformed(string token)
    {
        Assert.Equal(IdTokenStatus.Malformed, Validate(token).Status);
    }

    [Fact]
    public void Wrong_issuer_is_refused()
    {
        var claims = Claims();
        claims["iss"] = "https://evil.example.com";

        Assert.Equal(IdTokenStatus.WrongIssuer, Validate(_rsa.Sign(claims)).Status);
    }

    [Fact]
    public void Issuer_differing_only_by_a_trailing_slash_is_refused()
    {
        var claims = Claims();
        claims["iss"] = Issuer + "/";

        Assert.Equal(IdTokenStatus.WrongIssuer, Validate(_rsa.Sign(claims)).Status);
    }

    [Fact]
    public void Wrong_audience_is_refused()
    {
        var claims = Claims();
        claims["aud"] = "another-client";

        Assert.Equal(IdTokenStatus.WrongAudience, Validate(_rsa.Sign(claims)).Status);
    }

    [Fact]
    public void Audience_array_containing_the_client_is_accepted_unless_azp_names_another()
    {
        var claims = Claims();
        claims["aud"] = new JsonArray("other", ClientId);
        Assert.Equal(IdTokenStatus.Valid, Validate(_rsa.Sign(claims)).Status);

        claims["azp"] = "other";
        Assert.Equal(IdTokenStatus.WrongAudience, Validate(_rsa.Sign(claims)).Status);
    }

    [Fact]
    public void Expired_token_is_refused_beyond_the_clock_skew_only()
    {
        var justExpired = Claims(Now.AddMinutes(-10), TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(30));
        var longExpired = Claims(Now.AddMinutes(-10), TimeSpan.FromMinutes(10) - IdTokenValidator.ClockSkew);

        Assert.Equal(IdTokenStatus.Valid, Validate(_rsa.Sign(justExpired)).Status);
        Assert.Equal(IdTokenStatus.Expired, Validate(_rsa.Sign(longExpired)).Status);
    }

    [Fact]
    public void Not_yet_valid_token_is_refused_beyond_the_clock_skew_only()
    {
        var soon = Claims(more: ("nbf", Now.AddSeconds(30).ToUnixTimeSeconds()));
        var later = Claims(more: ("nbf", (Now + IdTokenValidator.ClockSkew).AddSeconds(1).ToUnixTimeSeconds()));

        Assert.Equal(IdTokenStatus.Valid, Validate(_rsa.Sign(soon)).Status);
        Assert.Equal(IdTokenStatus.NotYetValid, Validate(_rsa.Sign(later)).Status);
    }

    [Fact]
    public void Token_without_exp_or_sub_is_refused()
    {
        var noExp = Claims();
        noExp.Remove("exp");
        var noSub = Claims();
        noSub["sub"] = "";

        Assert.Equal(IdTokenStatus.MissingClaim, Validate(_rsa.Sign(noExp)).Status);
        Assert.Equal(IdTokenStatus.MissingClaim, Validate(_rsa.Sign(noSub)).Status);
    }

    [Fact]
    public void Nonce_must_match_when_one_is_expected()
    {
        var token = _rsa.Sign(Claims(more: ("nonce", "n-1")));

        Assert.Equal(IdTokenStatus.Valid, Validate(token, "n-1").Status);
        Assert.Equal(IdTokenStatus.NonceMismatch, Validate(token, "n-2").Status);
        Assert.Equal(IdTokenStatus.NonceMismatch, Validate(_rsa.Sign(Claims()), "n-1").Status);
    }

    [Fact]
    public void PeekIssuer_reads_iss_without_checking_anything()
    {
        Assert.Equal(Issuer, IdTokenValidator.PeekIssuer(TestSigningKey.Unsigned(Claims())));
        Assert.Null(IdTokenValidator.PeekIssuer("not-a-token"));
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _stranger.Dispose();
    }

    private static JsonWebKeySet Parse(JsonObject jwks)
    {
        Assert.True(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(jwks.ToJsonString()), out var set, out var error), error);
        return set!;
    }
}
