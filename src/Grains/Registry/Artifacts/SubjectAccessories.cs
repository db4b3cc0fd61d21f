using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>
/// The accessories that go when their subject is deleted, as in Harbor: referrers naming it as subject and the
/// cosign signature, attestation and SBOM tagged <c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c>, <c>.sbom</c>. Read before the subject is deleted, since the link is the
/// subject's digest.
/// </summary>
public static class SubjectAccessories
{
    public static async Task<IReadOnlyList<string>> ListDigestsAsync(
        IArtifactMetadata store, string repository, string subjectDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var accessories = await store.ListAccessoryArtifactsAsync(
            repository, subjectDigest, AccessoryTypes.CosignTags(subjectDigest), cancellationToken);
        return accessories.Select(a => a.Digest).Where(d => d != subjectDigest).Distinct(StringComparer.Ordinal).ToList();
    }
}
