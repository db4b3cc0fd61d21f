namespace ArtifactKeeper.Registry.Http;

/// <summary>The manifest media types a client asks a remote registry for: OCI and Docker v2 manifests and indexes.</summary>
public static class ManifestAccept
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Every type, in the order of the Accept header (OCI first).</summary>
    public static IReadOnlyList<string> All { get; } = [OciManifest, OciIndex, DockerManifest, DockerManifestList];

    /// <summary>Manifests larger than this are refused (the distribution spec's recommended minimum limit is 4 MiB).</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;
}
