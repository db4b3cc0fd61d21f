using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class RegistryTokenSignerTests
{
    private const string Issuer = "artifactkeeper-token-service";
    private const string Audience = "artifactkeeper-registry";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly RegistryTokenSigner _signer = new(Key, Issuer);

    private static RegistryTokenClaims Claims(params TokenAccess[] access) =>
        new("alice", Audience, Now, Now.AddMinutes(30), access);

    // Builds a token by hand so a test can vary exactly one part of a correctly signed token.
    private static string HandMade(string headerJson, string payloadJson, byte[]? key = null)
    {
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson)) + "."
            + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var mac = HMACSHA256.HashData(key ?? Key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(mac);
    }

    private static string Payload(string extra = "") =>
        $$"""{"iss":"{{Issuer}}","sub":"alice","aud":"{{Audience}}","iat":{{Now.ToUnixTimeSeconds()}},"exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}}{{extra}}}""";

    private const string Hs256Header = """{"alg":"HS256","typ":"JWT"}""";

    [Fact]
    public void Constructor_short_key_throws()
    {
        Assert.Throws<ArgumentException>(() => new RegistryTokenSigner(new byte[31], Issuer));
    }

    [Fact]
    public void Constructor_empty_issuer_throws()
    {
        Assert.Throws<ArgumentException>(() => new RegistryTokenSigner(Key, " "));
    }

    [Fact]
    public void Constructor_copies_the_key_so_later_changes_do_not_affect_it()
    {
        var key = (byte[])Key.Clone();
        var signer = new RegistryTokenSigner(key, Issuer);
        var token = signer.Issue(Claims());

        key[0] ^= 0xFF;

        Assert.True(signer.TryValidate(token, Audience, Now, out _));
    }

    [Fact]
    public void Issue_then_TryValidate_round_trips_the_claims()
    {
        var token = _signer.Issue(Claims(new TokenAccess("repository", "library/nginx", ["pull", "push"])));

        Assert.True(_signer.TryValidate(token, Audience, Now.AddMinutes(1), out var claims));

        Assert.Equal("alice", claims!.Subject);
        Assert.Equal(Audience, claims.Audience);
        Assert.Equal(Now, claims.IssuedAt);
        Assert.Equal(Now.AddMinutes(30), claims.ExpiresAt);
        var access = Assert.Single(claims.Access);
        Assert.Equal("repository", access.Type);
        Assert.Equal("library/nginx", access.Name);
        Assert.Equal(["pull", "push"], access.Actions);
    }

    [Fact]
    public void Issue_writes_compact_jwt_with_hs256_header_and_registry_claims()
    {
        var token = _signer.Issue(Claims(new TokenAccess("registry", "catalog", ["*"])));

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var root = payload.RootElement;
        Assert.Equal(Issuer, root.GetProperty("iss").GetString());
        Assert.Equal("alice", root.GetProperty("sub").GetString());
        Assert.Equal(Audience, root.GetProperty("aud").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), root.GetProperty("iat").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds(), root.GetProperty("nbf").GetInt64());
        Assert.Equal(Now.AddMinutes(30).ToUnixTimeSeconds(), root.GetProperty("exp").GetInt64());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("jti").GetString()));
        var access = Assert.Single(root.GetProperty("access").EnumerateArray().ToList());
        Assert.Equal("registry", access.GetProperty("type").GetString());
        Assert.Equal("catalog", access.GetProperty("name").GetString());
        Assert.Equal("*", Assert.Single(access.GetProperty("actions").EnumerateArray().ToList()).GetString());
    }

    [Fact]
    public void Issue_gives_every_token_a_distinct_jti()
    {
        var first = _signer.Issue(Claims());
        var second = _signer.Issue(Claims());

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Issue_expiry_not_after_issue_time_throws()
    {
        Assert.Throws<ArgumentException>(() => _signer.Issue(new RegistryTokenClaims("alice", Audience, Now, Now, [])));
    }

    [Fact]
    public void TryValidate_preserves_many_access_entries_and_special_characters()
    {
        var access = new[]
        {
            new TokenAccess("repository", "library/nginx", ["pull"]),
            new TokenAccess("repository", "team/ünïcode+app<x>", ["pull", "push", "delete"]),
            new TokenAccess("repository(plugin)", "localhost:5000/p", []),
            new TokenAccess("registry", "catalog", ["*"]),
        };
        var token = _signer.Issue(new RegistryTokenClaims("robot$ci+build", Audience, Now, Now.AddHours(1), access));

        Assert.True(_signer.TryValidate(token, Audience, Now, out var claims));

        Assert.Equal("robot$ci+build", claims!.Subject);
        Assert.Equal(access.Length, claims.Access.Count);
        for (var i = 0; i < access.Length; i++)
        {
            Assert.Equal(access[i].Type, claims.Access[i].Type);
            Assert.Equal(access[i].Name, claims.Access[i].Name);
            Assert.Equal(access[i].Actions, claims.Access[i].Actions);
        }
    }

    [Fact]
    public void TryValidate_anonymous_token_with_empty_subject_and_no_access()
    {
        var token = _signer.Issue(new RegistryTokenClaims("", Audience, Now, Now.AddMinutes(5), []));

        Assert.True(_signer.TryValidate(token, Audience, Now, out var claims));

        Assert.Equal(string.Empty, claims!.Subject);
        Assert.Empty(claims.Access);
    }

    [Fact]
    public void TryValidate_large_token_beyond_stack_buffer_validates()
    {
        var access = Enumerable.Range(0, 200)
            .Select(i => new TokenAccess("repository", $"project/repository-number-{i}", ["pull", "push"]))
            .ToArray();
        var token = _signer.Issue(Claims(access));

        Assert.True(token.Length > 4096);
        Assert.True(_signer.TryValidate(token, Audience, Now, out var claims));
        Assert.Equal(200, claims!.Access.Count);
        Assert.Equal("project/repository-number-199", claims.Access[199].Name);
    }

    [Fact]
    public void TryValidate_tampered_payload_returns_false()
    {
        var token = _signer.Issue(Claims(new TokenAccess("repository", "library/nginx", ["pull"])));
        var parts = token.Split('.');
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"pull\"", "\"push\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}.{parts[2]}";

        Assert.False(_signer.TryValidate(tampered, Audience, Now, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void TryValidate_every_single_character_change_in_signature_returns_false()
    {
        var token = _signer.Issue(Claims());
        var signatureStart = token.LastIndexOf('.') + 1;

        for (var i = signatureStart; i < token.Length; i++)
        {
            foreach (var replacement in "AgB_-9")
            {
                if (token[i] == replacement)
                {
                    continue;
                }

                var tampered = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));
                Assert.False(_signer.TryValidate(tampered, Audience, Now, out _), $"changed char {i} to {replacement}");
            }
        }
    }

    [Fact]
    public void TryValidate_signature_removed_or_truncated_returns_false()
    {
        var token = _signer.Issue(Claims());
        var withoutSignature = token[..(token.LastIndexOf('.') + 1)];

        Assert.False(_signer.TryValidate(withoutSignature, Audience, Now, out _));
        Assert.False(_signer.TryValidate(token[..^1], Audience, Now, out _));
        Assert.False(_signer.TryValidate(token + "A", Audience, Now, out _));
        Assert.False(_signer.TryValidate(token + "=", Audience, Now, out _));
    }

    [Fact]
    public void TryValidate_token_signed_with_other_key_returns_false()
    {
        var other = new RegistryTokenSigner(Enumerable.Repeat((byte)7, 32).ToArray(), Issuer);
        var token = other.Issue(Claims());

        Assert.False(_signer.TryValidate(token, Audience, Now, out _));
    }

    [Fact]
    public void TryValidate_token_from_other_issuer_returns_false()
    {
        var other = new RegistryTokenSigner(Key, "someone-else");
        var token = other.Issue(Claims());

        Assert.False(_signer.TryValidate(token, Audience, Now, out _));
    }

    [Fact]
    public void TryValidate_alg_none_returns_false()
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Payload()));
        var header = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);

        Assert.False(_signer.TryValidate($"{header}.{payload}.", Audience, Now, out _));
        // Even correctly MACed, a header naming another algorithm is refused.
        Assert.False(_signer.TryValidate(HandMade("""{"alg":"none"}""", Payload()), Audience, Now, out _));
        Assert.False(_signer.TryValidate(HandMade("""{"alg":"HS512"}""", Payload()), Audience, Now, out _));
        Assert.False(_signer.TryValidate(HandMade("""{"alg":"hs256"}""", Payload()), Audience, Now, out _));
        Assert.False(_signer.TryValidate(HandMade("""{"typ":"JWT"}""", Payload()), Audience, Now, out _));
    }

    [Fact]
    public void TryValidate_hand_made_hs256_token_is_accepted()
    {
        // Guards the negative tests below: the hand-made baseline itself validates.
        Assert.True(_signer.TryValidate(HandMade(Hs256Header, Payload()), Audience, Now, out var claims));
        Assert.Equal("alice", claims!.Subject);
        Assert.Empty(claims.Access);
    }

    [Fact]
    public void TryValidate_header_with_crit_returns_false()
    {
        Assert.False(_signer.TryValidate(HandMade("""{"alg":"HS256","crit":["exp"]}""", Payload()), Audience, Now, out _));
    }

    [Fact]
    public void TryValidate_wrong_audience_returns_false()
    {
        var token = _signer.Issue(Claims());

        Assert.False(_signer.TryValidate(token, "other-registry", Now, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void TryValidate_audience_array_containing_expected_audience_is_accepted()
    {
        var payload = $$"""{"iss":"{{Issuer}}","sub":"bob","aud":["x","{{Audience}}"],"iat":{{Now.ToUnixTimeSeconds()}},"exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}}}""";

        Assert.True(_signer.TryValidate(HandMade(Hs256Header, payload), Audience, Now, out var claims));
        Assert.Equal(Audience, claims!.Audience);
        Assert.False(_signer.TryValidate(HandMade(Hs256Header, payload), "y", Now, out _));
    }

    [Theory]
    [InlineData(31 * 60, false)] // one minute past expiry
    [InlineData(30 * 60 + 29, true)] // within the 30 s skew
    [InlineData(30 * 60 + 30, false)] // skew exhausted
    [InlineData(-29, true)] // clock slightly behind the issuer
    [InlineData(-31, false)] // not yet valid
    [InlineData(-3600, false)]
    [InlineData(0, true)]
    public void TryValidate_applies_lifetime_with_clock_skew(int secondsFromIssue, bool valid)
    {
        var token = _signer.Issue(Claims());

        Assert.Equal(valid, _signer.TryValidate(token, Audience, Now.AddSeconds(secondsFromIssue), out _));
    }

    [Fact]
    public void TryValidate_not_before_later_than_issued_at_is_enforced()
    {
        var nbf = Now.AddMinutes(2).ToUnixTimeSeconds();
        var token = HandMade(Hs256Header, Payload($",\"nbf\":{nbf}"));

        Assert.False(_signer.TryValidate(token, Audience, Now, out _));
        Assert.True(_signer.TryValidate(token, Audience, Now.AddMinutes(2), out _));
    }

    [Theory]
    [InlineData("""{"sub":"alice","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500}""")] // no iss
    [InlineData("""{"iss":"artifactkeeper-token-service","sub":"alice","iat":1748779200,"exp":1748779500}""")] // no aud
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200}""")] // no exp
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","exp":1748779500}""")] // no iat
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":"1748779200","exp":1748779500}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1e300}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500,"sub":5}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500,"access":{}}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500,"access":[{"name":"a"}]}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500,"access":[{"type":"repository","name":"a","actions":"pull"}]}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500,"access":[{"type":"repository","name":"a","actions":[1]}]}""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500""")]
    [InlineData("""{"iss":"artifactkeeper-token-service","aud":"artifactkeeper-registry","iat":1748779200,"exp":1748779500}x""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""not json""")]
    public void TryValidate_correctly_signed_but_malformed_payload_returns_false(string payload)
    {
        Assert.False(_signer.TryValidate(HandMade(Hs256Header, payload), Audience, Now, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void TryValidate_fractional_times_and_unknown_claims_are_accepted()
    {
        var payload = $$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","iat":{{Now.ToUnixTimeSeconds()}}.5,"exp":{{Now.AddMinutes(5).ToUnixTimeSeconds()}}.9,"extra":{"nested":[1,{"a":null}]},"access":[{"type":"repository","name":"a/b","actions":["pull"],"note":"x"}]}""";

        Assert.True(_signer.TryValidate(HandMade(Hs256Header, payload), Audience, Now, out var claims));

        Assert.Equal(Now, claims!.IssuedAt);
        Assert.Equal(Now.AddMinutes(5), claims.ExpiresAt);
        Assert.Equal("a/b", Assert.Single(claims.Access).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a.b.c")]
    [InlineData("not a token")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJ9")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(".eyJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("a.b.c.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("e30.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30=.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("\u00e9\u00e9.\u00e9.\u00e9")]
    public void TryValidate_garbage_returns_false_without_throwing(string token)
    {
        Assert.False(_signer.TryValidate(token, Audience, Now, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void TryValidate_null_or_oversized_input_returns_false()
    {
        Assert.False(_signer.TryValidate(null!, Audience, Now, out _));
        Assert.False(_signer.TryValidate(_signer.Issue(Claims()), null!, Now, out _));
        Assert.False(_signer.TryValidate(new string('A', 100_000) + ".e30.x", Audience, Now, out _));
    }

    [Fact]
    public void TryValidate_random_bytes_never_throw()
    {
        var random = new Random(42);
        var token = _signer.Issue(Claims(new TokenAccess("repository", "a/b", ["pull"])));
        for (var i = 0; i < 2_000; i++)
        {
            var chars = token.ToCharArray();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            }

            var mutated = new string(chars);
            if (mutated == token)
            {
                continue;
            }

            Assert.False(_signer.TryValidate(mutated, Audience, Now, out _));
        }
    }
}
