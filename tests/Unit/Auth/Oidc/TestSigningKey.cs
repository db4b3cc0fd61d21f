using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

/// <summary>
/// A key pair the tests sign ID tokens with, playing the identity provider: RSA (RS256) or EC P-256 (ES256).
/// <see cref="Jwk"/> is the public half as the provider's JWKS publishes it.
/// </summary>
public sealed class TestSigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private TestSigningKey(string keyId, RSA? rsa, ECDsa? ec)
    {
        KeyId = keyId;
        _rsa = rsa;
        _ec = ec;
    }

    public string KeyId { get; }

    public string Algorithm => _rsa is not null ? "RS256" : "ES256";

    public static TestSigningKey Rsa(string keyId) => new(keyId, RSA.Create(2048), null);

    public static TestSigningKey Ec(string keyId) => new(keyId, null, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public JsonObject Jwk()
    {
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            return new JsonObject { ["kty"] = "RSA", ["kid"] = KeyId, ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        }

        var q = _ec!.ExportParameters(false).Q;
        return new JsonObject { ["kty"] = "EC", ["kid"] = KeyId, ["use"] = "sig", ["crv"] = "P-256", ["x"] = B64(q.X!), ["y"] = B64(q.Y!) };
    }

    /// <summary>A compact JWS of <paramref name="payload"/>; <paramref name="keyId"/> overrides the header's kid (null drops it).</summary>
    public string Sign(JsonObject payload, string? keyId = "", JsonObject? extraHeader = null)
    {
        var header = new JsonObject { ["alg"] = Algorithm, ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId.Length == 0 ? KeyId : keyId;
        }

        foreach (var (name, value) in extraHeader ?? [])
        {
            header[name] = value?.DeepClone();
        }

        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = _rsa is not null
            ? _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ec!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + B64(signature);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }

    /// <summary>The JWKS document of <paramref name="keys"/>.</summary>
    public static JsonObject Jwks(params TestSigningKey[] keys) => new() { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k.Jwk()).ToArray()) };

    /// <summary>ID token claims: iss, aud, sub, iat, exp (now + lifetime), plus <paramref name="more"/>.</summary>
    public static JsonObject Claims(string issuer, string audience, string subject, DateTimeOffset now, TimeSpan? lifetime = null, params (string Name, JsonNode? Value)[] more)
    {
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in more)
        {
            claims[name] = value;
        }

        return claims;
    }

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string Unsigned(JsonObject payload) =>
        B64("""{"alg":"none","typ":"JWT"}"""u8.ToArray()) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".";

    /// <summary>An HS256 token keyed with <paramref name="key"/> (e.g. the public key bytes, the classic confusion attack).</summary>
    public static string Hmac(JsonObject payload, byte[] key, string? keyId = null)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + B64(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
