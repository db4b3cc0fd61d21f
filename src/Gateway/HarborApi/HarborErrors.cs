using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>The one RegistryError → Harbor code and status map (Harbor's lib/errors codes).</summary>
public static class HarborErrors
{
    public static (string Code, int Status) Describe(RegistryError error) => error switch
    {
        RegistryError.BlobUnknown or RegistryError.BlobUploadUnknown or RegistryError.ManifestUnknown or
            RegistryError.NameUnknown or RegistryError.ProjectNotFound => ("NOT_FOUND", StatusCodes.Status404NotFound),
        RegistryError.BlobUploadInvalid or RegistryError.DigestInvalid or RegistryError.ManifestBlobUnknown or
            RegistryError.ManifestInvalid or RegistryError.NameInvalid or RegistryError.SizeInvalid or
            RegistryError.TagInvalid or RegistryError.BadRequest => ("BAD_REQUEST", StatusCodes.Status400BadRequest),
        RegistryError.ManifestTooLarge => ("BAD_REQUEST", StatusCodes.Status413PayloadTooLarge),
        RegistryError.Unauthorized => ("UNAUTHORIZED", StatusCodes.Status401Unauthorized),
        RegistryError.Denied or RegistryError.QuotaExceeded => ("FORBIDDEN", StatusCodes.Status403Forbidden),
        RegistryError.Unsupported => ("UNSUPPORTED_MEDIA_TYPE", StatusCodes.Status415UnsupportedMediaType),
        RegistryError.RangeInvalid or RegistryError.RangeNotSatisfiable => ("BAD_REQUEST", StatusCodes.Status416RangeNotSatisfiable),
        RegistryError.ProjectAlreadyExists or RegistryError.Conflict => ("CONFLICT", StatusCodes.Status409Conflict),
        RegistryError.PreconditionFailed or RegistryError.TagImmutable => ("PRECONDITION", StatusCodes.Status412PreconditionFailed),
        RegistryError.None => throw new ArgumentException("RegistryError.None is not an error", nameof(error)),
        _ => ("UNKNOWN", StatusCodes.Status500InternalServerError),
    };
}
