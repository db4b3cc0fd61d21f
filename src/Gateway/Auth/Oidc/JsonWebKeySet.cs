using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// The signing keys of a provider's JWKS (RFC 7517). Keys that cannot sign ID tokens for us are left out rather
/// than failing the set: <c>use</c> other than <c>sig</c>, symmetric or unknown key types, unknown curves,
/// RSA moduli under 2048 bits, malformed numbers.
/// </summary>
public sealed class JsonWebKeySet
{
    private const int MinRsaBits = 2048;
    private readonly IReadOnlyList<OidcSigningKey> _keys;

    public JsonWebKeySet(IReadOnlyList<OidcSigningKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    public int Count => _keys.Count;

    /// <summary>
    /// The keys that may check a token signed with <paramref name="algorithm"/>: the one with <paramref name="keyId"/>
    /// when the token names one, else every key that fits the algorithm.
    /// </summary>
    public IEnumerable<OidcSigningKey> Candidates(string? keyId, string algorithm) =>
        _keys.Where(k => (keyId is null || string.Equals(k.KeyId, keyId, StringComparison.Ordinal)) && k.Fits(algorithm));

    /// <summary>Whether a key with this id is in the set (whatever algorithm it fits).</summary>
    public bool Contains(string keyId) => _keys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    public static bool TryParse(ReadOnlySpan<byte> json, out JsonWebKeySet? set, out string? error)
    {
        set = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                error = "the JWKS has no keys array";
                return false;
            }

            var loaded = new List<OidcSigningKey>();
            foreach (var key in keys.EnumerateArray())
            {
                if (TryLoad(key) is { } signing)
                {
                    loaded.Add(signing);
                }
            }

            set = new JsonWebKeySet(loaded);
            error = null;
            return true;
        }
        catch (JsonException)
        {
            error = "the JWKS is not JSON";
            return false;
        }
    }

    private static OidcSigningKey? TryLoad(JsonElement key)
    {
        if (key.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var use = StringOf(key, "use");
        if (use is not null && use != "sig")
        {
            return null;
        }

        var keyId = StringOf(key, "kid");
        var algorithm = StringOf(key, "alg");
        try
        {
            switch (StringOf(key, "kty"))
            {
                case "RSA":
                    var modulus = BytesOf(key, "n");
                    var exponent = BytesOf(key, "e");
                    if (modulus is null || exponent is null || TrimmedBits(modulus) < MinRsaBits)
                    {
                        return null;
                    }

                    return OidcSigningKey.ForRsa(keyId, algorithm, new RSAParameters { Modulus = modulus, Exponent = exponent });

                case "EC":
                    var curveName = StringOf(key, "crv");
                    ECCurve? curve = curveName switch
                    {
                        "P-256" => ECCurve.NamedCurves.nistP256,
                        "P-384" => ECCurve.NamedCurves.nistP384,
                        "P-521" => ECCurve.NamedCurves.nistP521,
                        _ => null,
                    };
                    var x = BytesOf(key, "x");
                    var y = BytesOf(key, "y");
                    if (curve is null || x is null || y is null)
                    {
                        return null;
                    }

                    return OidcSigningKey.ForEc(keyId, algorithm, curveName!, new ECParameters { Curve = curve.Value, Q = new ECPoint { X = x, Y = y } });

                default:
                    return null;
            }
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static int TrimmedBits(byte[] modulus)
    {
        var start = 0;
        while (start < modulus.Length && modulus[start] == 0)
        {
            start++;
        }

        return (modulus.Length - start) * 8;
    }

    private static string? StringOf(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? BytesOf(JsonElement key, string name)
    {
        var text = StringOf(key, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
