using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// Reads a Notation JWS envelope (JSON serialization: <c>protected</c>, <c>payload</c>, <c>signature</c> and the
/// unprotected <c>header</c> with <c>x5c</c> and an optional timestamp countersignature) and checks its integrity:
/// the signature over <c>ASCII(protected "." payload)</c> with the leaf key (RSA-PSS or ECDSA, IEEE P1363).
/// </summary>
internal static class JwsEnvelopeReader
{
    public static NotationEnvelopeResult Read(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryString(root, "protected", out var protectedText)
                || !TryString(root, "payload", out var payloadText)
                || !TryString(root, "signature", out var signatureText))
                return NotationEnvelopeResult.Fail("the JWS envelope lacks 'protected', 'payload' or 'signature'");
            if (!root.TryGetProperty("header", out var header) || header.ValueKind != JsonValueKind.Object
                || !header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
                return NotationEnvelopeResult.Fail("the JWS envelope has no 'x5c' certificate chain in its unprotected header");

            var chain = x5c.EnumerateArray().Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetString() ?? ""))).ToList();
            ReadOnlyMemory<byte>? timestamp = null;
            if (header.TryGetProperty(NotationHeaders.TimestampSignature, out var token) && token.ValueKind == JsonValueKind.String)
                timestamp = Convert.FromBase64String(token.GetString()!);
            var payload = Base64Url.DecodeFromChars(payloadText);
            var signature = Base64Url.DecodeFromChars(signatureText);

            using var headerDocument = JsonDocument.Parse(Base64Url.DecodeFromChars(protectedText));
            var attributes = ReadProtected(headerDocument.RootElement);
            if (attributes.Validate() is { } invalid)
                return NotationEnvelopeResult.Fail(invalid);
            if (NotationAlgorithms.Check(attributes.Algorithm, chain[0], out var hash) is { } unfit)
                return NotationEnvelopeResult.Fail(unfit);
            using var key = VerificationKey.FromCertificate(chain[0]);
            var signingInput = Encoding.ASCII.GetBytes(protectedText + "." + payloadText);
            if (!key.VerifyData(signingInput, signature, hash, EcdsaEncoding.IeeeP1363, RsaPadding.Pss))
                return NotationEnvelopeResult.Fail("the JWS signature does not verify with the signing certificate's key (the envelope was altered or signed by another key)");
            if (NotationPayload.Read(payload, out var payloadError) is not { } target)
                return NotationEnvelopeResult.Fail(payloadError!);

            return new NotationEnvelopeResult(
                new NotationEnvelope(attributes.Algorithm!, attributes.SigningScheme!, attributes.SigningTime, attributes.AuthenticSigningTime,
                    attributes.Expiry, target, chain, signature, timestamp),
                null);
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or InvalidOperationException)
        {
            return NotationEnvelopeResult.Fail("the JWS envelope is malformed: " + e.Message);
        }
    }

    private static NotationSignedAttributes ReadProtected(JsonElement header)
    {
        if (header.ValueKind != JsonValueKind.Object)
            throw new FormatException("the protected header is not a JSON object");
        string? Text(string name) => header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        DateTimeOffset? Time(string name) => header.TryGetProperty(name, out var value) ? NotationSignedAttributes.ParseTime(value) : null;
        IReadOnlyList<string>? critical = header.TryGetProperty("crit", out var crit) && crit.ValueKind == JsonValueKind.Array
            ? [.. crit.EnumerateArray().Select(c => c.GetString() ?? "")]
            : null;
        return new NotationSignedAttributes(
            Text("alg"), Text("cty"), critical, Text(NotationHeaders.SigningScheme),
            Time(NotationHeaders.SigningTime), Time(NotationHeaders.AuthenticSigningTime), Time(NotationHeaders.Expiry),
            name => header.TryGetProperty(name, out _));
    }

    private static bool TryString(JsonElement element, string name, out string value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() ?? "" : "";
        return value.Length > 0;
    }
}
