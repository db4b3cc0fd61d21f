namespace ArtifactKeeper.Signing.Cosign;

/// <summary>Media types and annotation names of cosign's two storage schemes.</summary>
public static class CosignFormat
{
    public const string SimpleSigningLayer = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string BundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";
    public const string ChainAnnotation = "dev.sigstore.cosign/chain";
    public const string RekorBundleAnnotation = "dev.sigstore.cosign/bundle";
    public const string TimestampAnnotation = "dev.sigstore.cosign/rfc3161timestamp";

    /// <summary>True for the media types Sigstore bundles are stored under (any bundle version).</summary>
    public static bool IsBundleMediaType(string? mediaType) =>
        mediaType is not null && mediaType.StartsWith("application/vnd.dev.sigstore.bundle", StringComparison.Ordinal);
}
