using System.Text;
using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Signing.Cosign;

/// <summary>
/// Verifies a Sigstore bundle attached to an image as a referrer (cosign v3): the bundle must sign the subject
/// manifest's digest (a message signature whose digest is the manifest digest, or an in-toto statement naming
/// it), under the project's trusted root, keyless identities and public keys.
/// </summary>
public static class BundleReferrerVerifier
{
    public static SignatureCheck Verify(ReadOnlyMemory<byte>? bundle, string layerDigest, string subjectDigest, CosignTrustMaterial trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (bundle is not { } bytes)
            return SignatureCheck.Fail($"the bundle (layer {layerDigest}) is not available");
        if (trust.Root is null)
            return SignatureCheck.Fail("a Sigstore bundle needs a trusted root, and " + (trust.RootError ?? "no trusted root is configured"));
        var artifact = SigstoreArtifact.FromDigest(subjectDigest);
        if (artifact is null)
            return SignatureCheck.Fail($"the artifact digest {subjectDigest} is not a sha256 digest");
        var policy = new SigstoreVerificationPolicy(trust.Keyless, [.. trust.Keys.Select(k => new TrustedPublicKey(k, TimeRange.Unbounded))]);
        return SigstoreBundleVerifier.Verify(Encoding.UTF8.GetString(bytes.Span), artifact, trust.Root, policy);
    }
}
