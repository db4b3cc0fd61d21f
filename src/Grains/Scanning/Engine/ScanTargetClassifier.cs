using System.Text.Json;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// Decides from a manifest's bytes what a scanner does with it: an image (config + tar layers), an index (its
/// image children), an SBOM (CycloneDX or SPDX JSON named by artifactType, config or layer media type, including the
/// types cosign attaches SBOMs with), or nothing (Harbor's scanners refuse other artifacts as unsupported).
/// </summary>
public static class ScanTargetClassifier
{
    /// <summary>Media types of SBOM documents the inventory reader reads.</summary>
    public static readonly IReadOnlySet<string> SbomMediaTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "application/vnd.cyclonedx+json",
        "application/vnd.cyclonedx",
        "application/spdx+json",
        "text/spdx+json",
        "text/spdx",
    };

    private static readonly HashSet<string> ImageConfigTypes = new(StringComparer.Ordinal)
    {
        ArtifactTypes.OciImageConfig,
        ArtifactTypes.DockerImageConfig,
    };

    /// <summary>The annotation buildx puts on the attestation children of an index (not images).</summary>
    private const string DockerReferenceType = "vnd.docker.reference.type";

    public static ScanTarget Classify(string mediaType, ReadOnlySpan<byte> manifest)
    {
        ManifestSummary summary;
        string? artifactType;
        try
        {
            var bytes = manifest.ToArray();
            summary = ManifestSummary.Parse(mediaType, bytes);
            artifactType = ArtifactTypeOf(bytes);
        }
        catch (JsonException)
        {
            return ScanTarget.Unsupported("the manifest is not valid JSON");
        }

        if (summary.IsIndex)
        {
            var children = summary.Children
                .Where(c => c.Annotations?.ContainsKey(DockerReferenceType) != true)
                .Where(c => ManifestMediaTypes.IsIndex(c.MediaType) || IsImageManifestType(c.MediaType))
                .ToList();
            return new ScanTarget(ScanTargetKind.Index, null, [], children, null, null);
        }

        if (!IsImageManifestType(mediaType))
        {
            return ScanTarget.Unsupported($"artifacts of media type {mediaType} are not scannable");
        }

        if (IsSbomType(artifactType) || IsSbomType(summary.Config?.MediaType) || summary.Layers.Any(l => IsSbomType(l.MediaType)))
        {
            var document = summary.Layers.FirstOrDefault(l => IsSbomType(l.MediaType)) ?? (summary.Layers.Count > 0 ? summary.Layers[0] : null);
            return document is null
                ? ScanTarget.Unsupported("the SBOM artifact has no document layer")
                : new ScanTarget(ScanTargetKind.Sbom, summary.Config, summary.Layers, [], document, null);
        }

        if (summary.Config is not { } config || !ImageConfigTypes.Contains(config.MediaType))
        {
            return ScanTarget.Unsupported($"artifacts with config media type {summary.Config?.MediaType ?? "(none)"} are not scannable");
        }

        if (summary.Layers.FirstOrDefault(l => !IsFilesystemLayer(l.MediaType)) is { } other)
        {
            return ScanTarget.Unsupported($"artifacts with layers of media type {other.MediaType} are not scannable");
        }

        return new ScanTarget(ScanTargetKind.Image, config, summary.Layers, [], null, null);
    }

    public static bool IsSbomType(string? mediaType) => mediaType is not null && SbomMediaTypes.Contains(mediaType);

    /// <summary>OCI and Docker filesystem layers: tar, optionally gzip or zstd compressed (foreign and non-distributable ones too).</summary>
    public static bool IsFilesystemLayer(string mediaType) =>
        mediaType.StartsWith("application/vnd.oci.image.layer.", StringComparison.Ordinal) ||
        mediaType.StartsWith("application/vnd.docker.image.rootfs.", StringComparison.Ordinal);

    private static bool IsImageManifestType(string mediaType) =>
        mediaType is ManifestMediaTypes.OciManifest or ManifestMediaTypes.DockerManifest;

    private static string? ArtifactTypeOf(byte[] manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        return document.RootElement.ValueKind == JsonValueKind.Object &&
               document.RootElement.TryGetProperty("artifactType", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
