namespace ArtifactKeeper.Oci;

/// <summary>Which distribution-spec endpoint family a <c>/v2/</c> path addresses.</summary>
public enum OciRouteKind
{
    /// <summary>No OCI endpoint has this shape.</summary>
    NotFound = 0,
    /// <summary><c>/v2/</c> (end-1).</summary>
    Base,
    /// <summary><c>/v2/_catalog</c>.</summary>
    Catalog,
    /// <summary><c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>.</summary>
    Manifest,
    /// <summary><c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>.</summary>
    Blob,
    /// <summary><c>/v2/&lt;name&gt;/blobs/uploads/</c>.</summary>
    UploadStart,
    /// <summary><c>/v2/&lt;name&gt;/blobs/uploads/&lt;id&gt;</c>.</summary>
    Upload,
    /// <summary><c>/v2/&lt;name&gt;/tags/list</c>.</summary>
    TagList,
    /// <summary><c>/v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>.</summary>
    Referrers,
}
