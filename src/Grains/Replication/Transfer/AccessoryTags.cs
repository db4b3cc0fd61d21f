using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Tag names under which accessories live where there is no referrers API: the referrers tag schema's
/// <c>sha256-&lt;hex&gt;</c> index (distribution-spec v1.1, used by ORAS and cosign's OCI 1.1 mode) and cosign's
/// legacy tags <c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c> and <c>.sbom</c>, which name the accessory manifest itself.
/// </summary>
public static class AccessoryTags
{
    /// <summary>The referrers fallback tag of <paramref name="subjectDigest"/>: <c>sha256:abc</c> becomes <c>sha256-abc</c>.</summary>
    public static string ReferrersTag(string subjectDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDigest);
        return ReferrersTagSchema.TagFor(subjectDigest);
    }

    /// <summary>cosign's legacy signature, attestation and SBOM tags of <paramref name="subjectDigest"/>.</summary>
    public static IReadOnlyList<string> CosignTags(string subjectDigest) => CosignTagScheme.TagsFor(subjectDigest);
}
