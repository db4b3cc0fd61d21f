using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Project storage quotas (Harbor's <c>quota</c> and <c>quota_usage</c>) and the references that make up the
/// usage: one row per (digest, repository, kind) a project holds, a digest counted once per project. Written
/// by the project quota grain; each charge and release is one transaction that checks and moves usage together.
/// </summary>
public interface IQuotaMetadata
{
    Task<QuotaRecord?> GetQuotaAsync(long id, CancellationToken cancellationToken);

    Task<QuotaRecord?> GetProjectQuotaAsync(string project, CancellationToken cancellationToken);

    /// <summary>One page of quotas filtered and sorted on <see cref="QuotaFields"/>, and the total.</summary>
    Task<ListPage<QuotaRecord>> ListQuotasAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>Sets the hard storage limit; null when the project has no quota.</summary>
    Task<QuotaRecord?> SetQuotaHardAsync(string project, long hard, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records the reference unless it exists. A digest the project already holds costs nothing; a new one is
    /// added to usage unless that passes the hard limit, in which case nothing changes (Exceeded).
    /// </summary>
    Task<QuotaChargeOutcome> TryChargeQuotaAsync(string project, QuotaReference reference, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the reference (its Size is ignored) and frees the digest's bytes when no other reference in the project holds it.</summary>
    Task<QuotaReleaseOutcome> ReleaseQuotaAsync(string project, QuotaReference reference, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds the project's references from present blobs linked to its repositories and the manifests they
    /// store, and sets usage to their sum, each digest once; null when the project has no quota.
    /// </summary>
    Task<QuotaRecord?> RecomputeQuotaAsync(string project, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A quota row with the project it belongs to (Harbor's <c>ref</c>).</summary>
public sealed record QuotaRecord(
    long Id,
    long ProjectId,
    string ProjectName,
    string OwnerName,
    long Hard,
    long Used,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime);

/// <summary>What a charge did.</summary>
public enum QuotaChargeStatus
{
    /// <summary>The reference was new and so was the digest: usage grew by its size.</summary>
    Charged = 0,
    /// <summary>The reference was new but the project already held the digest: free.</summary>
    Shared,
    /// <summary>The reference existed already: nothing changed.</summary>
    AlreadyReferenced,
    /// <summary>The new digest would pass the hard limit: nothing changed.</summary>
    Exceeded,
    /// <summary>The project has no quota: nothing recorded.</summary>
    NoQuota,
}

/// <summary>A charge's status and the quota afterwards (unchanged unless Charged).</summary>
public sealed record QuotaChargeOutcome(QuotaChargeStatus Status, QuotaRecord? Quota);

/// <summary>How many bytes a release freed (0 while another reference holds the digest) and the quota afterwards.</summary>
public sealed record QuotaReleaseOutcome(bool Removed, long Freed, QuotaRecord? Quota);
