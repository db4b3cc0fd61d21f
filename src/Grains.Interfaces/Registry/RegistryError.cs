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
    /// <summary>The request is well-formed but its content breaks a rule (bad value, bad query).</summary>
    BadRequest,
    /// <summary>The resource is not in the state the operation needs (e.g. a project that still has repositories).</summary>
    PreconditionFailed,
    /// <summary>An immutable rule of the project protects the tag: it cannot be moved to another manifest or deleted.</summary>
    TagImmutable,
    /// <summary>The change would take a project's storage past its quota (Harbor: 403, OCI DENIED).</summary>
    QuotaExceeded,
}
