using System.Buffers.Text;
using System.Text;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class RefreshTokenCodecTests
{
    private static readonly byte[] SigningKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RefreshTokenCodec _codec = new(RefreshTokenCodec.DeriveKey(SigningKey));

    private static RefreshTokenClaims Claims(string service = "artifactkeeper", DateTimeOffset? issued = null, TimeSpan? lifetime = null)
    {
        var at = issued ?? Now;
        return new RefreshTokenClaims("alice", 42, service, "stamp-1", "docker", at, at + (lifetime ?? TimeSpan.FromDays(30)));
    }

    [Fact]
    public void Issue_then_TryRead_round_trips()
    {
        var token = _codec.Issue(Claims());

        Assert.True(_codec.TryRead(token, "artifactkeeper", Now.AddDays(1), out var claims));
        Assert.Equal(Claims(), claims);
        Assert.StartsWith("akrt1.", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_token_is_distinct()
    {
        Assert.NotEqual(_codec.Issue(Claims()), _codec.Issue(Claims()));
    }

    [Fact]
    public void Token_for_another_service_is_refused()
    {
        var token = _codec.Issue(Claims(service: "other-registry"));

        Assert.False(_codec.TryRead(token, "artifactkeeper", Now, out _));
    }

    [Theory]
    [InlineData(30, false)]
    [InlineData(29, true)]
    public void Expiry_is_enforced(int daysLater, bool valid)
    {
        var token = _codec.Issue(Claims());

        Assert.Equal(valid, _codec.TryRead(token, "artifactkeeper", Now.AddDays(daysLater), out _));
    }

    [Fact]
    public void Token_issued_in_the_future_is_refused()
    {
        var token = _codec.Issue(Claims(issued: Now.AddHours(1)));

        Assert.False(_codec.TryRead(token, "artifactkeeper", Now, out _));
    }

    [Fact]
    public void Token_signed_with_another_key_is_refused()
    {
        var other = new RefreshTokenCodec(RefreshTokenCodec.DeriveKey(Enumerable.Repeat((byte)9, 32).ToArray()));

        Assert.False(_codec.TryRead(other.Issue(Claims()), "artifactkeeper", Now, out _));
    }

    [Fact]
    public void Derived_key_differs_from_the_signing_key_so_access_and_refresh_tokens_cannot_be_swapped()
    {
        Assert.NotEqual(SigningKey, RefreshTokenCodec.DeriveKey(SigningKey));
        var refresh = _codec.Issue(Claims());
        var signer = new RegistryTokenSigner(SigningKey, "issuer");

        Assert.False(signer.TryValidate(refresh, "artifactkeeper", Now, out _));
        var access = signer.Issue(new RegistryTokenClaims("alice", "artifactkeeper", Now, Now.AddMinutes(5), []));
        Assert.False(_codec.TryRead(access, "artifactkeeper", Now, out _));
    }

    [Fact]
    public void Tampered_payload_is_refused()
    {
        var token = _codec.Issue(Claims());
        var parts = token.Split('.');
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}.{parts[2]}";

        Assert.False(_codec.TryRead(forged, "artifactkeeper", Now, out _));
    }

    [Fact]
    public void Every_single_character_change_is_refused()
    {
        var token = _codec.Issue(Claims());
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.False(_codec.TryRead(changed, "artifactkeeper", Now, out _), $"position {i}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("akrt1.")]
    [InlineData("akrt1..")]
    [InlineData("not a token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.")]
    [InlineData("akrt1.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_refused_without_throwing(string? token)
    {
        Assert.False(_codec.TryRead(token, "artifactkeeper", Now, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void Oversized_input_is_refused()
    {
        Assert.False(_codec.TryRead("akrt1." + new string('A', 10_000) + "." + new string('A', 43), "artifactkeeper", Now, out _));
    }

    [Fact]
    public void Correctly_signed_but_malformed_payload_is_refused()
    {
        // Built with the codec's own key, so only the payload's shape is wrong.
        var key = RefreshTokenCodec.DeriveKey(SigningKey);
        foreach (var json in new[] { "[]", "{\"sub\":1}", "{\"sub\":\"alice\",\"aud\":\"artifactkeeper\"}", "not json" })
        {
            var signed = "akrt1." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
            var mac = Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));
            Assert.False(_codec.TryRead(signed + "." + mac, "artifactkeeper", Now, out _), json);
        }
    }

    [Fact]
    public void Short_key_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new RefreshTokenCodec(new byte[16]));
    }
}
