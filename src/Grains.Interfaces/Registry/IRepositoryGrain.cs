namespace ArtifactKeeper.Registry;

/// <summary>
/// One repository, keyed by its full name (<c>project/name</c>): tags, manifests and the referrers
/// index. It validates every manifest PUT (all referenced blobs present and linked here) and keeps
/// manifest bytes in memory for pulls.
/// </summary>
[Alias("registry.repository")]
public interface IRepositoryGrain : IGrainWithStringKey
{
    [Alias("put-manifest")]
    Task<PutManifestResult> PutManifestAsync(PutManifestRequest request);

    /// <summary>The manifest a tag or digest names, or null when there is none.</summary>
    [Alias("get-manifest")]
    Task<ManifestContent?> GetManifestAsync(string reference);

    /// <summary>
    /// Deletes a manifest by digest, and every tag that points at it; or the reason it did not (ManifestUnknown,
    /// TagImmutable when an immutable tag points at it).
    /// </summary>
    [Alias("try-delete-manifest")]
    Task<RepositoryChangeResult> TryDeleteManifestAsync(string digest);

    /// <summary>Deletes a tag, the manifest stays; or the reason it did not (ManifestUnknown, TagImmutable).</summary>
    [Alias("try-delete-tag")]
    Task<RepositoryChangeResult> TryDeleteTagAsync(string tag);

    /// <summary>
    /// Removes the blob's link from this repository (the OCI blob DELETE); the bytes stay for GC to judge. Refused with
    /// Conflict while a manifest here references the blob (removing it would break that manifest), BlobUnknown when
    /// the blob is not linked here.
    /// </summary>
    [Alias("try-delete-blob")]
    Task<RepositoryChangeResult> TryDeleteBlobAsync(string digest);

    /// <summary>Tags in lexical order after <paramref name="last"/>, at most <paramref name="limit"/>.</summary>
    [Alias("list-tags")]
    Task<TagPage> ListTagsAsync(string? last, int? limit);

    /// <summary>Manifests whose subject is <paramref name="subjectDigest"/>, optionally of one artifact type.</summary>
    [Alias("referrers")]
    Task<IReadOnlyList<ReferrerDescriptor>> GetReferrersAsync(string subjectDigest, string? artifactType);

    /// <summary>
    /// Points a new tag at the stored manifest <paramref name="digest"/>: <see cref="RegistryError.TagInvalid"/> for a
    /// bad name, <see cref="RegistryError.ManifestUnknown"/> for an unknown digest, <see cref="RegistryError.Conflict"/>
    /// when the tag already exists (Harbor's tag create never moves a tag).
    /// </summary>
    [Alias("try-tag")]
    Task<RegistryError> TryTagAsync(string digest, string tag);

    /// <summary>True when the repository holds at least one manifest.</summary>
    [Alias("exists")]
    Task<bool> ExistsAsync();
}
