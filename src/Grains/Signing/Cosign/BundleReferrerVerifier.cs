namespace ArtifactKeeper.Signing.Cosign;

/// <summary>Verifies a Sigstore bundle attached to an image as a referrer (cosign v3).</summary>
public static class BundleReferrerVerifier
{
    public static SignatureCheck Verify(ReadOnlyMemory<byte>? bundle, string layerDigest, string subjectDigest, CosignTrustMaterial trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _ = subjectDigest;
        return bundle is null
            ? SignatureCheck.Fail($"the bundle (layer {layerDigest}) is not available")
            : SignatureCheck.Fail("Sigstore bundle referrers are not verified yet");
    }
}
