namespace ArtifactKeeper.Registry;

/// <summary>
/// Every expected refusal a registry operation can produce. Grains return these inside result
/// records; the gateway maps each one to an OCI or Harbor error once (OciErrors, HarborErrors).
/// </summary>
[GenerateSerializer]
public enum RegistryError
{
    None = 0,
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    DigestInvalid,
    ManifestBlobUnknown,
    ManifestInvalid,
    ManifestUnknown,
    ManifestTooLarge,
    NameInvalid,
    NameUnknown,
    SizeInvalid,
    TagInvalid,
    Unauthorized,
    Denied,
    Unsupported,
    RangeInvalid,
    RangeNotSatisfiable,
    ProjectNotFound,
    ProjectAlreadyExists,
    Conflict,
}
