using ArtifactKeeper.Registry.Artifacts;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>What kind of artifact a manifest is, for a scanner.</summary>
public enum ScanTargetKind
{
    /// <summary>Not scannable (a chart, a signature, an attestation, ...).</summary>
    Unsupported,

    /// <summary>An image manifest (OCI or Docker v2): config and filesystem layers.</summary>
    Image,

    /// <summary>An index (OCI or Docker manifest list): its image children are scanned and their findings merged.</summary>
    Index,

    /// <summary>An SBOM artifact (CycloneDX or SPDX JSON): its document is read.</summary>
    Sbom,
}

/// <summary>
/// A manifest read for scanning: its kind, and what the scan reads (config and layers, the children, or the SBOM
/// document's layer). <see cref="Reason"/> says why an unsupported one is not scannable.
/// </summary>
public sealed record ScanTarget(
    ScanTargetKind Kind,
    ContentDescriptor? Config,
    IReadOnlyList<ContentDescriptor> Layers,
    IReadOnlyList<ContentDescriptor> Children,
    ContentDescriptor? Document,
    string? Reason)
{
    public bool IsScannable => Kind != ScanTargetKind.Unsupported;

    /// <summary>Images and indexes: what scan on push and scan-all scan (SBOMs are scanned on request).</summary>
    public bool IsImage => Kind is ScanTargetKind.Image or ScanTargetKind.Index;

    public static ScanTarget Unsupported(string reason) => new(ScanTargetKind.Unsupported, null, [], [], null, reason);
}
