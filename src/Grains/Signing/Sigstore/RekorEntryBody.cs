using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>What a signature claims, to be compared with what the log recorded.</summary>
/// <param name="Digest">SHA-256 of the signed bytes (the artifact, or for DSSE on Rekor v2 the PAE).</param>
/// <param name="Signature">The raw signature bytes.</param>
/// <param name="Verifier">The signer's certificate (DER) or public key (SubjectPublicKeyInfo DER).</param>
/// <param name="PayloadDigest">For DSSE: SHA-256 of the envelope payload.</param>
public sealed record SignedClaim(byte[] Digest, byte[] Signature, byte[] Verifier, byte[]? PayloadDigest = null);

/// <summary>
/// The canonicalized body of a Rekor entry, checked against the signature it should record: <c>hashedrekord</c>
/// 0.0.1 and 0.0.2, <c>dsse</c> 0.0.1 and <c>intoto</c> 0.0.2. A mismatch means the log entry belongs to another
/// signature (CVE-2022-36056), so it proves nothing about this one.
/// </summary>
public static class RekorEntryBody
{
    /// <summary>Null when <paramref name="body"/> records <paramref name="claim"/>, else what differs.</summary>
    /// <param name="kind">The kind the bundle states, or null to take the body's own (legacy cosign annotations).</param>
    /// <param name="version">The version the bundle states, or null to take the body's own.</param>
    public static string? Check(ReadOnlySpan<byte> body, string? kind, string? version, SignedClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            var actualKind = root.GetProperty("kind").GetString();
            var actualVersion = root.GetProperty("apiVersion").GetString();
            kind ??= actualKind;
            version ??= actualVersion;
            if (actualKind != kind || actualVersion != version)
                return $"the log entry is a {actualKind} {actualVersion} entry, not the {kind} {version} the bundle states";
            var spec = root.GetProperty("spec");
            return (kind, version) switch
            {
                ("hashedrekord", "0.0.1") => HashedRekordV1(spec, claim),
                ("hashedrekord", "0.0.2") => HashedRekordV2(spec.GetProperty("hashedRekordV002"), claim),
                ("dsse", "0.0.1") => DsseV1(spec, claim),
                ("intoto", "0.0.2") => IntotoV2(spec.GetProperty("content"), claim),
                _ => $"log entries of kind {kind} {version} are not supported",
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return "the log entry body is malformed: " + e.Message;
        }
    }

    private static string? HashedRekordV1(JsonElement spec, SignedClaim claim)
    {
        var hash = spec.GetProperty("data").GetProperty("hash");
        if (!string.Equals(hash.GetProperty("algorithm").GetString(), "sha256", StringComparison.OrdinalIgnoreCase)
            || !Convert.FromHexString(hash.GetProperty("value").GetString()!).AsSpan().SequenceEqual(claim.Digest))
            return "the log entry records another artifact digest than the one signed";
        var signature = spec.GetProperty("signature");
        if (!Convert.FromBase64String(signature.GetProperty("content").GetString()!).AsSpan().SequenceEqual(claim.Signature))
            return "the log entry records another signature";
        return SameVerifier(PemOrDer(signature.GetProperty("publicKey").GetProperty("content").GetString()!), claim.Verifier);
    }

    private static string? HashedRekordV2(JsonElement spec, SignedClaim claim)
    {
        var data = spec.GetProperty("data");
        if (data.GetProperty("algorithm").GetString() != "SHA2_256"
            || !Convert.FromBase64String(data.GetProperty("digest").GetString()!).AsSpan().SequenceEqual(claim.Digest))
            return "the log entry records another artifact digest than the one signed";
        var signature = spec.GetProperty("signature");
        if (!Convert.FromBase64String(signature.GetProperty("content").GetString()!).AsSpan().SequenceEqual(claim.Signature))
            return "the log entry records another signature";
        var verifier = signature.GetProperty("verifier");
        var recorded = verifier.TryGetProperty("x509Certificate", out var certificate)
            ? certificate.GetProperty("rawBytes").GetString()!
            : verifier.GetProperty("publicKey").GetProperty("rawBytes").GetString()!;
        return SameVerifier(Convert.FromBase64String(recorded), claim.Verifier);
    }

    private static string? DsseV1(JsonElement spec, SignedClaim claim)
    {
        var payloadHash = spec.GetProperty("payloadHash");
        if (claim.PayloadDigest is null || !Convert.FromHexString(payloadHash.GetProperty("value").GetString()!).AsSpan().SequenceEqual(claim.PayloadDigest))
            return "the log entry records another DSSE payload";
        var signatures = spec.GetProperty("signatures").EnumerateArray().ToList();
        if (signatures.Count != 1)
            return "the log entry records a DSSE envelope with another number of signatures";
        if (!Convert.FromBase64String(signatures[0].GetProperty("signature").GetString()!).AsSpan().SequenceEqual(claim.Signature))
            return "the log entry records another DSSE signature";
        return SameVerifier(PemOrDer(signatures[0].GetProperty("verifier").GetString()!), claim.Verifier);
    }

    private static string? IntotoV2(JsonElement content, SignedClaim claim)
    {
        if (claim.PayloadDigest is null
            || !Convert.FromHexString(content.GetProperty("payloadHash").GetProperty("value").GetString()!).AsSpan().SequenceEqual(claim.PayloadDigest))
            return "the log entry records another in-toto payload";
        var signatures = content.GetProperty("envelope").GetProperty("signatures").EnumerateArray().ToList();
        if (signatures.Count != 1)
            return "the log entry records an envelope with another number of signatures";
        // intoto 0.0.2 stores the signature and key base64-encoded twice.
        var sig = Convert.FromBase64String(Encoding.ASCII.GetString(Convert.FromBase64String(signatures[0].GetProperty("sig").GetString()!)));
        if (!sig.AsSpan().SequenceEqual(claim.Signature))
            return "the log entry records another in-toto signature";
        return SameVerifier(PemOrDer(signatures[0].GetProperty("publicKey").GetString()!), claim.Verifier);
    }

    private static string? SameVerifier(byte[] recorded, byte[] expected) =>
        recorded.AsSpan().SequenceEqual(expected) ? null : "the log entry records another signing certificate or key";

    /// <summary>Rekor v1 stores keys and certificates as base64 of PEM text.</summary>
    private static byte[] PemOrDer(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var text = Encoding.UTF8.GetString(bytes);
        if (!PemEncoding.TryFind(text, out var fields))
            return bytes;
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
