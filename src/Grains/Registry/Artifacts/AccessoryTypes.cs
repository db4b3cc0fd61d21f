namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>
/// Harbor's accessory types: from the referrer's artifactType (cosign, a Sigstore bundle, notation, Harbor SBOM) or cosign's tag scheme
/// (<see cref="CosignTagScheme"/>); any other referrer of a subject is a <c>subject.accessory</c>. Harbor knows only
/// cosign's <c>.sig</c> tag (<c>signature.cosign</c>); for <c>.att</c> and <c>.sbom</c> we use our own
/// <c>attestation.cosign</c> and <c>sbom.cosign</c>, named after Harbor's <c>signature.cosign</c>.
/// </summary>
public static class AccessoryTypes
{
    public const string CosignSignature = "signature.cosign", NotationSignature = "signature.notation",
        HarborSbom = "harbor.sbom", Subject = "subject.accessory",
        CosignAttestation = "attestation.cosign", CosignSbom = "sbom.cosign";

    public const string CosignArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json";
    public const string NotationArtifactType = "application/vnd.cncf.notary.signature";
    public const string HarborSbomArtifactType = "application/vnd.goharbor.harbor.sbom.v1";

    /// <summary>The cosign tags naming the accessories of <paramref name="subjectDigest"/> (<c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c>, <c>.sbom</c>).</summary>
    public static IReadOnlyList<string> CosignTags(string subjectDigest) => CosignTagScheme.TagsFor(subjectDigest);

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
            _ => OfCosignTags(tags) ?? Subject,
        };
    }

    private static string? OfCosignTags(IEnumerable<string> tags)
    {
        var kinds = tags.Select(CosignTagScheme.Parse).OfType<(string Subject, CosignTagKind Kind)>().Select(t => t.Kind).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }

        // A manifest under several cosign tags is typed by the strongest claim: a signature over an attestation over an SBOM.
        return kinds.Min() switch
        {
            CosignTagKind.Signature => CosignSignature,
            CosignTagKind.Attestation => CosignAttestation,
            _ => CosignSbom,
        };
    }
}
