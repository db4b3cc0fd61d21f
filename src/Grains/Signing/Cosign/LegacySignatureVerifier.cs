using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Signing.Cosign;

/// <summary>
/// Verifies one layer of a legacy cosign <c>.sig</c> manifest: the simple-signing payload must name the subject's
/// digest, and its signature (annotation, base64 DER) must verify either with a configured public key or, keyless,
/// with its certificate, which must chain to the trusted root at a time the Rekor SET (or an RFC 3161 timestamp)
/// vouches for and name a trusted identity. A SET that is present is checked whenever the root has logs.
/// </summary>
public static class LegacySignatureVerifier
{
    public static SignatureCheck Verify(SignatureLayer layer, ReadOnlyMemory<byte>? payload, string subjectDigest, CosignTrustMaterial trust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(trust);
        if (payload is not { } bytes)
            return SignatureCheck.Fail($"the signed payload (layer {layer.Digest}) is not available");
        if (!string.Equals("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), layer.Digest, StringComparison.Ordinal))
            return SignatureCheck.Fail($"the signed payload does not match its layer digest {layer.Digest}");
        if (!layer.Annotations.TryGetValue(CosignFormat.SignatureAnnotation, out var encoded))
            return SignatureCheck.Fail($"the layer has no {CosignFormat.SignatureAnnotation} annotation");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return SignatureCheck.Fail("the signature annotation is not base64");
        }

        var claim = SimpleSigningPayload.TryParse(bytes.Span, out var reason);
        if (claim is null)
            return SignatureCheck.Fail(reason);
        if (!string.Equals(claim.ManifestDigest, subjectDigest, StringComparison.Ordinal))
            return SignatureCheck.Fail($"payload digest {claim.ManifestDigest} is not the artifact digest {subjectDigest}");

        foreach (var key in trust.Keys)
        {
            if (!SignedData.Verifies(key, bytes.Span, signature))
                continue;
            var logError = trust.Root is { TransparencyLogs.Count: > 0 } && layer.Annotations.TryGetValue(CosignFormat.RekorBundleAnnotation, out var set)
                ? CheckRekorBundle(set, trust.Root, new SignedClaim(SHA256.HashData(bytes.Span), signature, key.SubjectPublicKeyInfo.ToArray()), out _)
                : null;
            return logError is null
                ? new SignatureCheck(true, "key:" + key.Fingerprint, null, "verified with a configured public key")
                : SignatureCheck.Fail("Rekor entry: " + logError);
        }

        if (!layer.Annotations.TryGetValue(CosignFormat.CertificateAnnotation, out var certificatePem) || string.IsNullOrWhiteSpace(certificatePem))
            return SignatureCheck.Fail(trust.NoKeyReason());
        return VerifyKeyless(layer, bytes.Span, signature, certificatePem, trust, now);
    }

    private static SignatureCheck VerifyKeyless(SignatureLayer layer, ReadOnlySpan<byte> payload, byte[] signature, string certificatePem, CosignTrustMaterial trust, DateTimeOffset now)
    {
        if (trust.Root is null)
        {
            var why = trust.RootError ?? "no trusted root is configured";
            return SignatureCheck.Fail($"{trust.NoKeyReason()}, and the certificate cannot be checked: {why}");
        }

        X509Certificate2 leaf;
        List<X509Certificate2> chain;
        try
        {
            leaf = X509Certificate2.CreateFromPem(certificatePem);
            chain = layer.Annotations.TryGetValue(CosignFormat.ChainAnnotation, out var chainPem) ? ReadPemCertificates(chainPem) : [];
        }
        catch (CryptographicException)
        {
            return SignatureCheck.Fail("the certificate annotation is not a PEM certificate");
        }

        using (leaf)
        using (var key = VerificationKey.FromCertificate(leaf))
        {
            if (!SignedData.Verifies(key, payload, signature))
                return SignatureCheck.Fail("the signature does not verify with its certificate's key");

            var times = new List<DateTimeOffset>();
            var claim = new SignedClaim(SHA256.HashData(payload), signature, leaf.RawData);
            if (layer.Annotations.TryGetValue(CosignFormat.RekorBundleAnnotation, out var set))
            {
                var error = CheckRekorBundle(set, trust.Root, claim, out var integrated);
                if (error is not null)
                    return SignatureCheck.Fail("Rekor entry: " + error);
                times.Add(integrated);
            }

            if (layer.Annotations.TryGetValue(CosignFormat.TimestampAnnotation, out var stamp))
            {
                var error = CheckTimestamp(stamp, signature, trust.Root, out var stamped);
                if (error is not null)
                    return SignatureCheck.Fail("RFC 3161 timestamp: " + error);
                times.Add(stamped);
            }

            if (times.Count == 0)
            {
                if (trust.Root.TransparencyLogs.Count > 0)
                    return SignatureCheck.Fail($"the keyless signature carries no Rekor entry ({CosignFormat.RekorBundleAnnotation}) to prove when it was signed");
                times.Add(now); // a private PKI without a log: the certificate must be valid now
            }

            var refusal = SigningCertificateVerifier.Verify(leaf, chain, trust.Root, times, trust.Keyless, out var identity, out var signer);
            if (refusal is null && trust.Root.CtLogs.Count > 0)
                refusal = SignedCertificateTimestamps.Verify(leaf, chain, trust.Root);
            try
            {
                return refusal is null
                    ? new SignatureCheck(true, signer, identity.Issuer, "verified with a certificate from a trusted authority")
                    : SignatureCheck.Fail(refusal);
            }
            finally
            {
                foreach (var certificate in chain)
                    certificate.Dispose();
            }
        }
    }

    /// <summary>Checks the <c>dev.sigstore.cosign/bundle</c> annotation: its SET and that its body records this signature.</summary>
    internal static string? CheckRekorBundle(string json, TrustedRoot root, SignedClaim claim, out DateTimeOffset integrated)
    {
        integrated = default;
        RekorEntryFields fields;
        byte[] set;
        try
        {
            using var document = JsonDocument.Parse(json);
            var bundle = document.RootElement;
            var entry = bundle.GetProperty("Payload");
            set = Convert.FromBase64String(bundle.GetProperty("SignedEntryTimestamp").GetString()!);
            fields = new RekorEntryFields(
                Convert.FromBase64String(entry.GetProperty("body").GetString()!),
                entry.GetProperty("integratedTime").GetInt64(),
                Convert.FromHexString(entry.GetProperty("logID").GetString()!),
                entry.GetProperty("logIndex").GetInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"the {CosignFormat.RekorBundleAnnotation} annotation is malformed";
        }

        var error = SignedEntryTimestamp.Verify(root, fields, set) ?? RekorEntryBody.Check(fields.Body, null, null, claim);
        integrated = DateTimeOffset.FromUnixTimeSeconds(fields.IntegratedTime);
        return error;
    }

    private static string? CheckTimestamp(string json, byte[] signature, TrustedRoot root, out DateTimeOffset time)
    {
        time = default;
        byte[] token;
        try
        {
            using var document = JsonDocument.Parse(json);
            token = Convert.FromBase64String(document.RootElement.GetProperty("SignedRFC3161Timestamp").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"the {CosignFormat.TimestampAnnotation} annotation is malformed";
        }

        var result = TimestampAuthorities.Verify(root, token, signature);
        time = result.Time;
        return result.IsValid ? null : result.Error;
    }

    private static List<X509Certificate2> ReadPemCertificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }
}
