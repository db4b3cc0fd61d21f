using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Many quota releases of one project in one transaction (a retention wave freeing hundreds of manifests): the same
/// outcome as <see cref="IQuotaMetadata.ReleaseQuotaAsync"/> called for each reference in order.
/// </summary>
public interface IQuotaBatchMetadata
{
    /// <summary>
    /// Deletes each reference (its Size is ignored) and frees a digest's bytes when no other reference in the project
    /// holds it; one transaction, usage written once.
    /// </summary>
    Task<QuotaBatchReleaseOutcome> ReleaseQuotaManyAsync(string project, IReadOnlyList<QuotaReference> references, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>How many references a batch release removed, the bytes it freed, and the quota afterwards (null without one).</summary>
public sealed record QuotaBatchReleaseOutcome(int Removed, long Freed, QuotaRecord? Quota);
