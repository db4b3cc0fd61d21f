using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Verifies a Sigstore bundle offline, the way sigstore-go does: the signature (message or DSSE) over the
/// artifact, the transparency log entries (SET, inclusion proof, checkpoint, body ↔ bundle), RFC 3161 timestamps
/// (failed ones skipped, then a threshold), the signing certificate at every verified time (chain to a trusted
/// CA, code signing, SCT when the root has CT logs, identity) or a managed key within its validity.
/// </summary>
public static class SigstoreBundleVerifier
{
    private const int MaxTimestamps = 32;

    public static SignatureCheck Verify(string bundleJson, SigstoreArtifact? artifact, TrustedRoot root, SigstoreVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(bundleJson);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(policy);
        var bundle = SigstoreBundle.TryParse(bundleJson, out var reason);
        if (bundle is null)
            return SignatureCheck.Fail(reason);
        try
        {
            return Verify(bundle, artifact, root, policy);
        }
        finally
        {
            foreach (var certificate in bundle.Certificates)
                certificate.Dispose();
        }
    }

    private static SignatureCheck Verify(SigstoreBundle bundle, SigstoreArtifact? artifact, TrustedRoot root, SigstoreVerificationPolicy policy)
    {
        // 1. Who signed: the bundle's certificate, or a managed key the policy trusts.
        X509Certificate2? leaf = null;
        VerificationKey? certificateKey = null;
        List<TrustedPublicKey> candidates;
        if (bundle.HasPublicKey)
        {
            if (policy.Keys.Count == 0)
                return SignatureCheck.Fail("the bundle is signed with a managed key, but no public key is configured");
            candidates = [.. policy.Keys];
        }
        else
        {
            if (bundle.Certificates.Count == 0)
                return SignatureCheck.Fail("the bundle has an empty certificate chain");
            if (!policy.TolerateRootInChain && bundle.Certificates.Skip(1).Any(IsSelfSigned))
                return SignatureCheck.Fail("the bundle's certificate chain contains a root certificate; trust comes only from the trusted root");
            leaf = bundle.Certificates[0];
            try
            {
                certificateKey = VerificationKey.FromCertificate(leaf);
            }
            catch (CryptographicException e)
            {
                return SignatureCheck.Fail("the signing certificate's key is not supported: " + e.Message);
            }

            candidates = [new TrustedPublicKey(certificateKey, TimeRange.Unbounded)];
        }

        using (certificateKey)
        {
            // 2. The signature over the content, and what the content claims about the artifact.
            var signer = VerifyContent(bundle, artifact, candidates, out var reason);
            if (signer is null)
                return SignatureCheck.Fail(reason);
            var verifier = leaf?.RawData ?? signer.Key.SubjectPublicKeyInfo.ToArray();

            // 3. The transparency log entries.
            var claim = Claim(bundle, artifact, verifier);
            var times = new List<DateTimeOffset>();
            var verifiedEntries = new List<VerifiedLogEntry>();
            foreach (var entry in bundle.TlogEntries)
            {
                var verified = TransparencyLogEntryVerifier.Verify(entry, bundle.MinorVersion, root, claim, out reason);
                if (verified is null)
                    return SignatureCheck.Fail("transparency log entry: " + reason);
                verifiedEntries.Add(verified);
                if (verified.IntegratedTime is { } time)
                    times.Add(time);
            }

            if (verifiedEntries.Count < policy.TransparencyLogThreshold)
                return SignatureCheck.Fail(bundle.TlogEntries.Count == 0
                    ? "the bundle has no transparency log entry"
                    : $"{verifiedEntries.Count} verified transparency log entries, {policy.TransparencyLogThreshold} required");

            // 4. RFC 3161 timestamps over the signature.
            var stamped = VerifyTimestamps(bundle, root, out reason);
            if (stamped is null)
                return SignatureCheck.Fail(reason);
            if (stamped.Count < policy.TimestampThreshold)
                return SignatureCheck.Fail($"{stamped.Count} verified RFC 3161 timestamps, {policy.TimestampThreshold} required");
            foreach (var rekorV2 in verifiedEntries.Where(e => e.RekorV2))
            {
                var log = rekorV2.Log;
                if (log.ValidFor.Start is null || stamped.Any(t => !log.ValidFor.Contains(t)))
                    return SignatureCheck.Fail($"the transparency log key of {log.BaseUrl} is not valid (validFor {log.ValidFor}) at the timestamped signing time");
            }

            times.AddRange(stamped);
            if (times.Count == 0)
                return SignatureCheck.Fail(verifiedEntries.Any(e => e.RekorV2)
                    ? "the Rekor v2 entry has no integrated time and no RFC 3161 timestamp verifies, so there is no trusted signing time"
                    : "there is no verified signing time (no signed entry timestamp and no RFC 3161 timestamp verifies)");

            // 5. The signer at every verified time.
            if (leaf is null)
            {
                if (times.Any(t => !signer.ValidFor.Contains(t)))
                    return SignatureCheck.Fail($"signature time outside of public key validity window ({signer.ValidFor})");
                return new SignatureCheck(true, "key:" + signer.Key.Fingerprint, null, "verified with a configured public key");
            }

            if (root.CtLogs.Count > 0)
            {
                var sctError = SignedCertificateTimestamps.Verify(leaf, bundle.Certificates.Skip(1).ToList(), root);
                if (sctError is not null)
                    return SignatureCheck.Fail(sctError);
            }

            var refusal = SigningCertificateVerifier.Verify(leaf, [.. bundle.Certificates.Skip(1)], root, times, policy.Identities, out var identity, out var name);
            return refusal is null
                ? new SignatureCheck(true, name, identity.Issuer, "verified with a certificate from a trusted authority")
                : SignatureCheck.Fail(refusal);
        }
    }

    private static TrustedPublicKey? VerifyContent(SigstoreBundle bundle, SigstoreArtifact? artifact, List<TrustedPublicKey> candidates, out string reason)
    {
        if (bundle.Dsse is { } envelope)
        {
            if (envelope.Signatures.Count != 1)
            {
                reason = $"the DSSE envelope carries {envelope.Signatures.Count} signatures; exactly one is required";
                return null;
            }

            var pae = Dsse.Pae(envelope.PayloadType, envelope.Payload);
            var signer = candidates.FirstOrDefault(c => SignedData.Verifies(c.Key, pae, envelope.Signatures[0]));
            if (signer is null)
            {
                reason = candidates.Count == 1 && !bundle.HasPublicKey ? "the DSSE signature does not verify with the signing certificate" : "no configured key verifies the signature";
                return null;
            }

            if (artifact is not null && envelope.PayloadType == Dsse.InTotoPayloadType)
            {
                var digests = Dsse.InTotoSubjectDigests(envelope.Payload);
                var wanted = Convert.ToHexStringLower(artifact.Sha256);
                if (digests is null || !digests.Contains(wanted))
                {
                    reason = digests is null
                        ? "the DSSE payload is not an in-toto statement with subjects"
                        : $"the in-toto statement's subjects ({string.Join(", ", digests.Select(d => "sha256:" + d))}) do not include the artifact digest {artifact.Digest}";
                    return null;
                }
            }

            reason = "";
            return signer;
        }

        var signature = bundle.MessageSignature!;
        if (artifact is null)
        {
            reason = "a message signature needs the artifact (or its digest) to verify";
            return null;
        }

        if (bundle.MessageDigest is { Length: > 0 } claimed && bundle.MessageDigestAlgorithm is null or "SHA2_256"
            && !claimed.AsSpan().SequenceEqual(artifact.Sha256))
        {
            reason = $"payload digest sha256:{Convert.ToHexStringLower(claimed)} is not the artifact digest {artifact.Digest}";
            return null;
        }

        var found = candidates.FirstOrDefault(c => artifact.Bytes is { } bytes
            ? SignedData.Verifies(c.Key, bytes, signature)
            : c.Key.VerifyHash(artifact.Sha256, signature, HashAlgorithmName.SHA256));
        if (found is null)
        {
            reason = bundle.HasPublicKey ? "no configured key verifies the signature" : "the signature does not verify with the signing certificate";
            return null;
        }

        reason = "";
        return found;
    }

    private static SignedClaim Claim(SigstoreBundle bundle, SigstoreArtifact? artifact, byte[] verifier)
    {
        if (bundle.Dsse is { } envelope)
        {
            var payloadDigest = SHA256.HashData(envelope.Payload);
            return new SignedClaim(SHA256.HashData(Dsse.Pae(envelope.PayloadType, envelope.Payload)), envelope.Signatures[0], verifier, payloadDigest);
        }

        return new SignedClaim(artifact!.Sha256, bundle.MessageSignature!, verifier);
    }

    private static List<DateTimeOffset>? VerifyTimestamps(SigstoreBundle bundle, TrustedRoot root, out string reason)
    {
        reason = "";
        var times = new List<DateTimeOffset>();
        if (bundle.Timestamps.Count > MaxTimestamps)
        {
            reason = $"the bundle carries {bundle.Timestamps.Count} RFC 3161 timestamps; at most {MaxTimestamps} are accepted";
            return null;
        }

        for (var i = 0; i < bundle.Timestamps.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (bundle.Timestamps[i].AsSpan().SequenceEqual(bundle.Timestamps[j]))
                {
                    reason = "the bundle carries the same RFC 3161 timestamp twice";
                    return null;
                }
            }
        }

        foreach (var token in bundle.Timestamps)
        {
            // A timestamp that does not verify is skipped; the threshold decides (as sigstore-go and sigstore-python do).
            var result = TimestampAuthorities.Verify(root, token, bundle.Signature);
            if (result.IsValid)
                times.Add(result.Time);
        }

        return times;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
