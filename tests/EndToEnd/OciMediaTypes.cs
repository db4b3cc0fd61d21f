namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>Media types the tests write.</summary>
public static class OciMediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index.</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>OCI image config.</summary>
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>gzip-compressed tar layer.</summary>
    public const string LayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>The two-byte <c>{}</c> blob artifacts use as config.</summary>
    public const string Empty = "application/vnd.oci.empty.v1+json";
}
