using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Signing.Cosign;

/// <summary>
/// Cosign's signatures in both storage schemes: a legacy <c>sha256-&lt;hex&gt;.sig</c> manifest, where every
/// simple-signing layer is one signature, and a Sigstore bundle referrer (artifact type
/// <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>), whose layer is the bundle. Layers of other media types
/// (attachments that are not signatures) are ignored.
/// </summary>
public sealed class CosignSignatureVerifier : ISignatureVerifier
{
    public SignatureKind Kind => SignatureKind.Cosign;

    public IReadOnlyList<SignatureVerdict> Verify(SignatureArtifact signature, SignedSubject subject, ContentTrustPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(policy);
        var manifest = CosignSigManifest.TryParse(signature.Manifest, out var reason);
        if (manifest is null)
            return [Verdict(signature, SignatureCheck.Fail(reason))];
        if (!policy.Cosign.Enabled)
            return [Verdict(signature, SignatureCheck.Fail("cosign verification is not enabled for this project"))];

        using var trust = CosignTrustMaterial.From(policy.Cosign);
        var bundle = CosignFormat.IsBundleMediaType(signature.ArtifactType ?? manifest.ArtifactType);
        var verdicts = new List<SignatureVerdict>();
        foreach (var layer in manifest.Layers)
        {
            ReadOnlyMemory<byte>? bytes = signature.Layers.TryGetValue(layer.Digest, out var found) ? found : (ReadOnlyMemory<byte>?)null;
            if (bundle && CosignFormat.IsBundleMediaType(layer.MediaType))
                verdicts.Add(Verdict(signature, BundleReferrerVerifier.Verify(bytes, layer.Digest, subject.Digest, trust)));
            else if (!bundle && layer.MediaType == CosignFormat.SimpleSigningLayer)
                verdicts.Add(Verdict(signature, LegacySignatureVerifier.Verify(layer, bytes, subject.Digest, trust, now)));
        }

        if (verdicts.Count == 0)
            verdicts.Add(Verdict(signature, SignatureCheck.Fail(bundle
                ? "the bundle referrer has no Sigstore bundle layer"
                : $"the signature manifest has no {CosignFormat.SimpleSigningLayer} layer")));
        return verdicts;
    }

    private static SignatureVerdict Verdict(SignatureArtifact signature, SignatureCheck check) =>
        new(SignatureKind.Cosign, signature.Digest, check.Verified, check.Signer, check.Issuer, check.Reason);
}
