using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Projects;

/// <summary>Harbor's storage limit values: bytes, or <see cref="Unlimited"/>.</summary>
public static class StorageLimits
{
    public const long Unlimited = -1;

    /// <summary>Harbor's rule for a hard limit: -1 (unlimited) or a positive number of bytes.</summary>
    public static bool IsValid(long value) => value == Unlimited || value > 0;
}

/// <summary>What holds a digest in a project: a blob linked to a repository, or a manifest stored in one.</summary>
[GenerateSerializer]
public enum QuotaReferenceKind
{
    Blob = 0,
    Manifest = 1,
}

/// <summary>
/// One holder of a digest in a project. A digest costs its <see cref="Size"/> once per project however
/// many repositories hold it; it stops costing when the last holder goes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuotaReference(string Digest, string Repository, QuotaReferenceKind Kind, long Size);

/// <summary>A project's storage quota as the quota grain reports it (Harbor's Quota with its project ref).</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaInfo(
    long Id,
    long ProjectId,
    string ProjectName,
    string OwnerName,
    long Hard,
    long Used,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime);

/// <summary>Outcome of a charge: admitted (the reference is recorded) or QuotaExceeded with Harbor's message.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaChargeResult(RegistryError Error, string? Message, long Charged)
{
    public bool Admitted => Error == RegistryError.None;

    public static QuotaChargeResult Free { get; } = new(RegistryError.None, null, 0);
}

/// <summary>Outcome of a quota command (set the hard limit, recompute); Quota is the state afterwards.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaResult(RegistryError Error, string? Message, QuotaInfo? Quota)
{
    public bool Succeeded => Error == RegistryError.None;
}
