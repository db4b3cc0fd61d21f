using Orleans.Concurrency;

namespace ArtifactKeeper.Projects;

/// <summary>
/// The storage quota of one project, keyed by the project's name. Its turns serialize admission: every
/// blob link and manifest store in the project asks here first, so concurrent pushes racing for the last
/// bytes are decided one at a time against durable usage. A project without a quota row (none existed
/// before the project did) admits everything and records nothing.
/// </summary>
[Alias("projects.quota")]
public interface IProjectQuotaGrain : IGrainWithStringKey
{
    /// <summary>The quota, or null when the project has none (or does not exist).</summary>
    [Alias("get")]
    Task<QuotaInfo?> GetAsync();

    /// <summary>
    /// Records <paramref name="reference"/> and charges its size unless the project already holds the digest.
    /// Refused with QuotaExceeded (nothing recorded) when the new bytes would pass the hard limit.
    /// </summary>
    [Alias("try-charge")]
    Task<QuotaChargeResult> TryChargeAsync(QuotaReference reference);

    /// <summary>
    /// Removes <paramref name="reference"/>; the digest's bytes are freed when it was the project's last holder.
    /// Releases interleave with each other and with admissions: each is one store transaction that locks the quota row
    /// and only lowers usage, so a retention pass or GC freeing thousands of references never queues behind itself.
    /// </summary>
    [Alias("release")]
    [AlwaysInterleave]
    Task ReleaseAsync(QuotaReference reference);

    /// <summary>
    /// <see cref="ReleaseAsync"/> for many references in one store transaction (a retention wave): the same usage
    /// afterwards as releasing each in turn. Interleaves as releases do.
    /// </summary>
    [Alias("release-many")]
    [AlwaysInterleave]
    Task ReleaseManyAsync(IReadOnlyList<QuotaReference> references);

    /// <summary>Harbor's message for refusing <paramref name="size"/> more bytes, against the current usage and limit.</summary>
    [Alias("exceeded-message")]
    Task<string> DescribeExceededAsync(long size);

    /// <summary>Sets the hard storage limit (BadRequest unless -1 or positive; ProjectNotFound without a quota).</summary>
    [Alias("try-set-hard")]
    Task<QuotaResult> TrySetHardAsync(long storage);

    /// <summary>
    /// Rebuilds the project's references and usage from the blobs linked to its repositories and the manifests
    /// they store (a maintenance operation: repairs drift left by a crash between a charge and its link).
    /// </summary>
    [Alias("recompute")]
    Task<QuotaResult> RecomputeAsync();
}
