using System.Net;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Oci;

/// <summary>
/// The register mapping every <see cref="RegistryError"/> to its distribution-spec error code and
/// status. The one place OCI statuses are chosen; handlers never pick a status for an error.
/// </summary>
public static class OciErrors
{
    public static OciErrorDescriptor Describe(RegistryError error) => error switch
    {
        RegistryError.BlobUnknown => new("BLOB_UNKNOWN", "blob unknown to registry", HttpStatusCode.NotFound),
        RegistryError.BlobUploadInvalid => new("BLOB_UPLOAD_INVALID", "blob upload invalid", HttpStatusCode.BadRequest),
        RegistryError.BlobUploadUnknown => new("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", HttpStatusCode.NotFound),
        RegistryError.DigestInvalid => new("DIGEST_INVALID", "provided digest did not match uploaded content", HttpStatusCode.BadRequest),
        RegistryError.ManifestBlobUnknown => new("MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", HttpStatusCode.NotFound),
        RegistryError.ManifestInvalid => new("MANIFEST_INVALID", "manifest invalid", HttpStatusCode.BadRequest),
        RegistryError.ManifestUnknown => new("MANIFEST_UNKNOWN", "manifest unknown to registry", HttpStatusCode.NotFound),
        RegistryError.ManifestTooLarge => new("SIZE_INVALID", "manifest too large", HttpStatusCode.RequestEntityTooLarge),
        RegistryError.NameInvalid => new("NAME_INVALID", "invalid repository name", HttpStatusCode.BadRequest),
        RegistryError.NameUnknown => new("NAME_UNKNOWN", "repository name not known to registry", HttpStatusCode.NotFound),
        RegistryError.SizeInvalid => new("SIZE_INVALID", "provided length did not match content length", HttpStatusCode.BadRequest),
        RegistryError.TagInvalid => new("TAG_INVALID", "manifest tag did not match the tag grammar", HttpStatusCode.BadRequest),
        RegistryError.Unauthorized => new("UNAUTHORIZED", "authentication required", HttpStatusCode.Unauthorized),
        RegistryError.Denied => new("DENIED", "requested access to the resource is denied", HttpStatusCode.Forbidden),
        RegistryError.Unsupported => new("UNSUPPORTED", "the operation is unsupported", HttpStatusCode.UnsupportedMediaType),
        RegistryError.RangeInvalid => new("BLOB_UPLOAD_INVALID", "chunk does not start at the end of the upload", HttpStatusCode.RequestedRangeNotSatisfiable),
        RegistryError.RangeNotSatisfiable => new("RANGE_INVALID", "requested range is not satisfiable", HttpStatusCode.RequestedRangeNotSatisfiable),
        RegistryError.ProjectNotFound => new("NAME_UNKNOWN", "project not found", HttpStatusCode.NotFound),
        RegistryError.ProjectAlreadyExists => new("DENIED", "project already exists", HttpStatusCode.Conflict),
        RegistryError.Conflict => new("DENIED", "conflicting operation", HttpStatusCode.Conflict),
        RegistryError.BadRequest => new("UNSUPPORTED", "the request is invalid", HttpStatusCode.BadRequest),
        RegistryError.PreconditionFailed => new("DENIED", "the resource is not in the required state", HttpStatusCode.PreconditionFailed),
        RegistryError.TagImmutable => new("DENIED", "the tag is immutable", HttpStatusCode.PreconditionFailed),
        RegistryError.QuotaExceeded => new("DENIED", "quota exceeded", HttpStatusCode.Forbidden),
        RegistryError.None => throw new ArgumentException("RegistryError.None is not an error", nameof(error)),
        _ => new("UNKNOWN", "unknown error", HttpStatusCode.InternalServerError),
    };
}
