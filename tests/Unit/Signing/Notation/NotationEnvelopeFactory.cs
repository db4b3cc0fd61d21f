using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ArtifactKeeper.Signing.Notation;

namespace ArtifactKeeper.Tests.Signing.Notation;

/// <summary>What an envelope the tests sign claims.</summary>
internal sealed record EnvelopeClaims(
    string TargetDigest,
    DateTimeOffset SigningTime,
    long TargetSize = 1234,
    string TargetMediaType = NotationTestKit.ImageManifest,
    DateTimeOffset? Expiry = null,
    string Scheme = NotationMediaTypes.SchemeX509,
    string? ExtraCritical = null);

/// <summary>Signs Notation envelopes (JWS and COSE) with the platform's crypto, optionally timestamped by a test TSA.</summary>
internal static class NotationEnvelopeFactory
{
    public static byte[] Jws(NotationSigner signer, EnvelopeClaims claims, X509Certificate2? tsa = null, DateTimeOffset? stampedAt = null)
    {
        var header = new Dictionary<string, object>
        {
            ["alg"] = JwsAlgorithm(signer),
            ["cty"] = NotationMediaTypes.Payload,
            ["crit"] = Critical(claims),
            ["io.cncf.notary.signingScheme"] = claims.Scheme,
        };
        header[claims.Scheme == NotationMediaTypes.SchemeX509 ? "io.cncf.notary.signingTime" : "io.cncf.notary.authenticSigningTime"] = claims.SigningTime.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        if (claims.Expiry is { } expiry)
            header["io.cncf.notary.expiry"] = expiry.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        if (claims.ExtraCritical is { } extra)
            header[extra] = "value";
        var protectedText = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header));
        var payloadText = Base64Url.EncodeToString(Payload(claims));
        var signature = Sign(signer, Encoding.ASCII.GetBytes(protectedText + "." + payloadText), JwsAlgorithm(signer));
        var unprotected = new Dictionary<string, object>
        {
            ["x5c"] = signer.Chain.Select(c => Convert.ToBase64String(c.RawData)).ToArray(),
            ["io.cncf.notary.signingAgent"] = "ArtifactKeeper tests",
        };
        if (tsa is not null)
            unprotected["io.cncf.notary.timestampSignature"] = Convert.ToBase64String(NotationPki.Stamp(tsa, signature, stampedAt ?? claims.SigningTime));
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["payload"] = payloadText,
            ["protected"] = protectedText,
            ["header"] = unprotected,
            ["signature"] = Base64Url.EncodeToString(signature),
        });
    }

    public static byte[] Cose(NotationSigner signer, EnvelopeClaims claims, X509Certificate2? tsa = null, DateTimeOffset? stampedAt = null)
    {
        var protectedHeaders = new CoseHeaderMap
        {
            { CoseHeaderLabel.CriticalHeaders, CoseHeaderValue.FromEncodedValue(TextArray(Critical(claims))) },
            { CoseHeaderLabel.ContentType, NotationMediaTypes.Payload },
            { new CoseHeaderLabel("io.cncf.notary.signingScheme"), claims.Scheme },
        };
        var timeLabel = claims.Scheme == NotationMediaTypes.SchemeX509 ? "io.cncf.notary.signingTime" : "io.cncf.notary.authenticSigningTime";
        protectedHeaders.Add(new CoseHeaderLabel(timeLabel), CoseHeaderValue.FromEncodedValue(EpochTime(claims.SigningTime)));
        if (claims.Expiry is { } expiry)
            protectedHeaders.Add(new CoseHeaderLabel("io.cncf.notary.expiry"), CoseHeaderValue.FromEncodedValue(EpochTime(expiry)));
        if (claims.ExtraCritical is { } extra)
            protectedHeaders.Add(new CoseHeaderLabel(extra), "value");
        var unprotected = new CoseHeaderMap { { new CoseHeaderLabel(33), CoseHeaderValue.FromEncodedValue(ByteStringArray(signer.Chain)) } };
        var hash = HashOf(JwsAlgorithm(signer));
        var coseSigner = signer.Key is RSA rsa
            ? new CoseSigner(rsa, RSASignaturePadding.Pss, hash, protectedHeaders, unprotected)
            : new CoseSigner((ECDsa)signer.Key, hash, protectedHeaders, unprotected);
        var bytes = CoseSign1Message.SignEmbedded(Payload(claims), coseSigner);
        if (tsa is null)
            return bytes;
        var message = CoseMessage.DecodeSign1(bytes);
        var token = NotationPki.Stamp(tsa, message.Signature.Span, stampedAt ?? claims.SigningTime);
        message.UnprotectedHeaders.Add(new CoseHeaderLabel("io.cncf.notary.timestampSignature"), token);
        return message.Encode();
    }

    private static byte[] Payload(EnvelopeClaims claims) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        targetArtifact = new { mediaType = claims.TargetMediaType, digest = claims.TargetDigest, size = claims.TargetSize },
    });

    private static string[] Critical(EnvelopeClaims claims)
    {
        var critical = new List<string> { "io.cncf.notary.signingScheme" };
        if (claims.Scheme == NotationMediaTypes.SchemeSigningAuthority)
            critical.Add("io.cncf.notary.authenticSigningTime");
        if (claims.Expiry is not null)
            critical.Add("io.cncf.notary.expiry");
        if (claims.ExtraCritical is { } extra)
            critical.Add(extra);
        return [.. critical];
    }

    private static string JwsAlgorithm(NotationSigner signer) => signer.Key switch
    {
        RSA => "PS256",
        ECDsa { KeySize: 384 } => "ES384",
        _ => "ES256",
    };

    private static HashAlgorithmName HashOf(string algorithm) => algorithm.EndsWith("384", StringComparison.Ordinal) ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    private static byte[] Sign(NotationSigner signer, byte[] data, string algorithm) => signer.Key is RSA rsa
        ? rsa.SignData(data, HashOf(algorithm), RSASignaturePadding.Pss)
        : ((ECDsa)signer.Key).SignData(data, HashOf(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static byte[] TextArray(IEnumerable<string> values)
    {
        var writer = new CborWriter();
        var list = values.ToList();
        writer.WriteStartArray(list.Count);
        foreach (var value in list)
            writer.WriteTextString(value);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] EpochTime(DateTimeOffset time)
    {
        var writer = new CborWriter();
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteInt64(time.ToUnixTimeSeconds());
        return writer.Encode();
    }

    private static byte[] ByteStringArray(IReadOnlyList<X509Certificate2> chain)
    {
        var writer = new CborWriter();
        writer.WriteStartArray(chain.Count);
        foreach (var certificate in chain)
            writer.WriteByteString(certificate.RawData);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
