namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>
/// Harbor's accessory types: from the referrer's artifactType (cosign, a Sigstore bundle, notation, Harbor SBOM) or cosign's tag scheme
/// (<c>sha256-&lt;hex&gt;.sig</c>); any other referrer of a subject is a <c>subject.accessory</c>.
/// </summary>
public static class AccessoryTypes
{
    public const string CosignSignature = "signature.cosign", NotationSignature = "signature.notation",
        HarborSbom = "harbor.sbom", Subject = "subject.accessory";

    public const string CosignArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json";
    public const string NotationArtifactType = "application/vnd.cncf.notary.signature";
    public const string HarborSbomArtifactType = "application/vnd.goharbor.harbor.sbom.v1";

    /// <summary>The cosign tag naming the signature of <paramref name="subjectDigest"/> (<c>sha256-&lt;hex&gt;.sig</c>).</summary>
    public static string CosignSignatureTag(string subjectDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDigest);
        return subjectDigest.Replace(':', '-') + ".sig";
    }

    /// <summary>The type of an accessory with <paramref name="artifactType"/>, tagged <paramref name="tags"/>.</summary>
    public static string Of(string? artifactType, IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return artifactType switch
        {
            CosignArtifactType => CosignSignature,
            NotationArtifactType => NotationSignature,
            HarborSbomArtifactType => HarborSbom,
            _ when artifactType is not null && Signing.Trust.SignatureManifests.IsSigstoreBundle(artifactType) => CosignSignature,
            _ when tags.Any(t => t.StartsWith("sha256-", StringComparison.Ordinal) && t.EndsWith(".sig", StringComparison.Ordinal)) => CosignSignature,
            _ => Subject,
        };
    }
}
