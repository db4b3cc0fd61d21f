using System.Net;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Turns a grain's refusal into the <see cref="OciRegistryException"/> a remote registry would raise for the same
/// push, so the copier and the task log treat this registry like any other. Refusals are never transient: running the
/// same copy again meets the same rule (quota, immutability, a bad manifest).
/// </summary>
internal static class LocalRegistryErrors
{
    public static OciRegistryException Refused(RegistryError error, string? message)
    {
        var (code, status) = Describe(error);
        return new OciRegistryException(message ?? code, status, transient: false, code);
    }

    public static OciRegistryException InvalidName(string repository) =>
        Refused(RegistryError.NameInvalid, $"'{repository}' is not a valid repository name");

    private static (string Code, HttpStatusCode Status) Describe(RegistryError error) => error switch
    {
        RegistryError.BlobUnknown => ("BLOB_UNKNOWN", HttpStatusCode.NotFound),
        RegistryError.BlobUploadInvalid => ("BLOB_UPLOAD_INVALID", HttpStatusCode.BadRequest),
        RegistryError.BlobUploadUnknown => ("BLOB_UPLOAD_UNKNOWN", HttpStatusCode.NotFound),
        RegistryError.DigestInvalid => ("DIGEST_INVALID", HttpStatusCode.BadRequest),
        RegistryError.ManifestBlobUnknown => ("MANIFEST_BLOB_UNKNOWN", HttpStatusCode.NotFound),
        RegistryError.ManifestInvalid => ("MANIFEST_INVALID", HttpStatusCode.BadRequest),
        RegistryError.ManifestUnknown => ("MANIFEST_UNKNOWN", HttpStatusCode.NotFound),
        RegistryError.ManifestTooLarge or RegistryError.SizeInvalid => ("SIZE_INVALID", HttpStatusCode.BadRequest),
        RegistryError.NameInvalid => ("NAME_INVALID", HttpStatusCode.BadRequest),
        RegistryError.NameUnknown or RegistryError.ProjectNotFound => ("NAME_UNKNOWN", HttpStatusCode.NotFound),
        RegistryError.TagInvalid => ("TAG_INVALID", HttpStatusCode.BadRequest),
        RegistryError.Unsupported => ("UNSUPPORTED", HttpStatusCode.UnsupportedMediaType),
        RegistryError.TagImmutable or RegistryError.PreconditionFailed => ("DENIED", HttpStatusCode.PreconditionFailed),
        RegistryError.QuotaExceeded or RegistryError.Denied => ("DENIED", HttpStatusCode.Forbidden),
        RegistryError.Conflict or RegistryError.ProjectAlreadyExists => ("DENIED", HttpStatusCode.Conflict),
        _ => ("UNKNOWN", HttpStatusCode.BadRequest),
    };
}
