using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry.Manifests;

/// <summary>
/// What the registry needs from a manifest: its media type, its artifact type (the manifest's own
/// <c>artifactType</c>, or for image manifests the config media type, as the referrers API defines),
/// its subject, its deduplicated outgoing references and its annotations.
/// </summary>
public sealed record ParsedManifest(
    string MediaType,
    string? ArtifactType,
    ManifestDescriptor? Subject,
    IReadOnlyList<ManifestReference> References,
    IReadOnlyDictionary<string, string>? Annotations);
