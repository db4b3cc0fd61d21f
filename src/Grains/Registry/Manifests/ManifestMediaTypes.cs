namespace ArtifactKeeper.Registry.Manifests;

/// <summary>The manifest media types the registry stores, and how they group.</summary>
public static class ManifestMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>The empty descriptor's media type (config of artifacts that have no config).</summary>
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    /// <summary>True for the OCI index and the Docker manifest list.</summary>
    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>True for the OCI image manifest and the Docker schema2 manifest.</summary>
    public static bool IsImageManifest(string mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>True for any of the four supported manifest media types.</summary>
    public static bool IsKnown(string mediaType) => IsIndex(mediaType) || IsImageManifest(mediaType);
}
