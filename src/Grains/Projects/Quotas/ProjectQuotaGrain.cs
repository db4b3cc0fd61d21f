using ArtifactKeeper.Audit;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Projects.Quotas;

/// <summary>
/// Admission control for one project's storage. Keeps no copy of the usage: each turn is one store transaction
/// that checks the limit and records the reference together, and turns run one at a time, so concurrent pushes
/// are admitted in some order and never together past the limit. A charge is durable before it is answered.
/// </summary>
[GrainType("project-quota")]
public sealed partial class ProjectQuotaGrain(
    IQuotaMetadata store,
    IQuotaBatchMetadata batches,
    IGrainFactory grains,
    IOptions<QuotaOptions> quotaOptions,
    IOptions<AuditOptions> auditOptions,
    TimeProvider clock,
    ILogger<ProjectQuotaGrain> logger) : Grain, IProjectQuotaGrain
{
    private string Project => this.GetPrimaryKeyString();

    public async Task<QuotaInfo?> GetAsync() => ToInfo(await store.GetProjectQuotaAsync(Project, CancellationToken.None));

    public async Task<QuotaChargeResult> TryChargeAsync(QuotaReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference.Size, "a size is never negative");
        }

        var now = clock.GetUtcNow();
        var outcome = await store.TryChargeQuotaAsync(Project, reference, now, CancellationToken.None);
        switch (outcome.Status)
        {
            case QuotaChargeStatus.Exceeded:
                var quota = outcome.Quota!;
                var message = QuotaRules.ExceededMessage(reference.Size, quota.Used, quota.Hard);
                LogExceeded(logger, Project, reference.Repository, reference.Digest, reference.Size, quota.Used, quota.Hard);
                await RecordAsync(QuotaEvents.Exceeded(reference.Repository, reference.Digest, quota.ProjectId, message, now));
                return new QuotaChargeResult(RegistryError.QuotaExceeded, message, 0);
            case QuotaChargeStatus.Charged:
                await WarnIfCrossedAsync(outcome.Quota!, reference.Size, now);
                return new QuotaChargeResult(RegistryError.None, null, reference.Size);
            default:
                return QuotaChargeResult.Free;
        }
    }

    public async Task ReleaseAsync(QuotaReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var outcome = await store.ReleaseQuotaAsync(Project, reference, clock.GetUtcNow(), CancellationToken.None);
        if (outcome.Freed > 0)
        {
            LogReleased(logger, Project, reference.Digest, outcome.Freed, outcome.Quota!.Used);
        }
    }

    public async Task ReleaseManyAsync(IReadOnlyList<QuotaReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return;
        }

        var outcome = await batches.ReleaseQuotaManyAsync(Project, references, clock.GetUtcNow(), CancellationToken.None);
        if (outcome.Freed > 0)
        {
            LogReleasedMany(logger, Project, outcome.Removed, outcome.Freed, outcome.Quota!.Used);
        }
    }

    public async Task<string> DescribeExceededAsync(long size)
    {
        var quota = await store.GetProjectQuotaAsync(Project, CancellationToken.None);
        return quota is null
            ? $"Quota exceeded when processing the request of adding {StorageSize.Format(size)} of storage resource."
            : QuotaRules.ExceededMessage(size, quota.Used, quota.Hard);
    }

    public async Task<QuotaResult> TrySetHardAsync(long storage)
    {
        if (!StorageLimits.IsValid(storage))
        {
            return new QuotaResult(RegistryError.BadRequest, $"invalid value {storage} for resource storage: use -1 (unlimited) or a positive number of bytes", null);
        }

        var updated = await store.SetQuotaHardAsync(Project, storage, clock.GetUtcNow(), CancellationToken.None);
        if (updated is null)
        {
            return new QuotaResult(RegistryError.ProjectNotFound, $"project {Project} has no quota", null);
        }

        LogHardChanged(logger, Project, storage);
        return new QuotaResult(RegistryError.None, null, ToInfo(updated));
    }

    public async Task<QuotaResult> RecomputeAsync()
    {
        var before = await store.GetProjectQuotaAsync(Project, CancellationToken.None);
        var after = await store.RecomputeQuotaAsync(Project, clock.GetUtcNow(), CancellationToken.None);
        if (after is null)
        {
            return new QuotaResult(RegistryError.ProjectNotFound, $"project {Project} has no quota", null);
        }

        if (before is not null && before.Used != after.Used)
        {
            LogRecomputed(logger, Project, before.Used, after.Used);
        }

        return new QuotaResult(RegistryError.None, null, ToInfo(after));
    }

    private async Task WarnIfCrossedAsync(QuotaRecord after, long added, DateTimeOffset at)
    {
        var percent = quotaOptions.Value.WarningThresholdPercent;
        if (!QuotaRules.CrossesWarning(after.Used - added, after.Used, after.Hard, percent))
        {
            return;
        }

        var detail = QuotaRules.WarningMessage(percent, after.Used, after.Hard);
        LogWarning(logger, Project, percent, after.Used, after.Hard);
        await RecordAsync(QuotaEvents.Warned(Project, after.ProjectId, detail, at));
    }

    /// <summary>Records the event in the audit log; a failure is logged, never turned into a refused push.</summary>
    private async Task RecordAsync(AuditEvent auditEvent)
    {
        if (!auditOptions.Value.Enabled)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IAuditLogGrain>(0).AppendAsync([auditEvent]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRecordFailed(logger, e, Project, auditEvent.Operation);
        }
    }

    private static QuotaInfo? ToInfo(QuotaRecord? record) =>
        record is null
            ? null
            : new QuotaInfo(record.Id, record.ProjectId, record.ProjectName, record.OwnerName, record.Hard, record.Used, record.CreationTime, record.UpdateTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quota of project {Project} refused {Repository}@{Digest}: adding {Size} bytes to {Used} would pass the limit of {Hard}")]
    private static partial void LogExceeded(ILogger logger, string project, string repository, string digest, long size, long used, long hard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quota of project {Project} reached {Percent}% of its limit: {Used} of {Hard} bytes used")]
    private static partial void LogWarning(ILogger logger, string project, int percent, long used, long hard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota of project {Project} freed {Freed} bytes of {Digest}; {Used} bytes used")]
    private static partial void LogReleased(ILogger logger, string project, string digest, long freed, long used);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota of project {Project} freed {Freed} bytes releasing {Removed} references; {Used} bytes used")]
    private static partial void LogReleasedMany(ILogger logger, string project, int removed, long freed, long used);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota of project {Project} now limits storage to {Hard} bytes")]
    private static partial void LogHardChanged(ILogger logger, string project, long hard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quota of project {Project} recomputed: usage {Before} corrected to {After} bytes")]
    private static partial void LogRecomputed(ILogger logger, string project, long before, long after);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the quota {Operation} event of project {Project}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string project, string operation);
}
