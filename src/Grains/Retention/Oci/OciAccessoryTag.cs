using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Retention.Oci;

/// <summary>
/// Tags that name another artifact by digest: cosign's <c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c> and <c>.sbom</c>
/// (<see cref="CosignTagScheme"/>), and the OCI referrers fallback tag <c>sha256-&lt;hex&gt;</c>. Such a tag belongs
/// to the artifact it names.
/// </summary>
public static class OciAccessoryTag
{
    /// <summary>The subject digest and the relation in words, or null when <paramref name="tag"/> names no artifact.</summary>
    public static (string Subject, string Relation)? Parse(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (CosignTagScheme.Parse(tag) is { } cosign)
        {
            return (cosign.Subject, cosign.Kind switch
            {
                CosignTagKind.Signature => "signature of",
                CosignTagKind.Attestation => "attestation of",
                _ => "SBOM of",
            });
        }

        return CosignTagScheme.SubjectOf(tag) is { } subject ? (subject, "referrers index of") : null;
    }
}
