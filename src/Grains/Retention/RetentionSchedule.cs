using System.Globalization;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Retention;

/// <summary>
/// Keeps a policy's schedule in the scheduler in step with its trigger: a cron stores a Custom schedule of job kind
/// <c>retention</c> keyed by the policy id; an empty cron (or a deleted policy) removes it. The scheduler is asked
/// only when something changes, so policies without a cron never touch it.
/// </summary>
public static class RetentionSchedule
{
    public static ScheduledJobKey JobOf(long policyId) => new(IRetentionPolicyGrain.JobKind, policyId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Moves the schedule of <paramref name="policyId"/> from <paramref name="before"/> to <paramref name="after"/> (null: no policy).</summary>
    public static async Task ApplyAsync(IGrainFactory grains, long policyId, RetentionTrigger? before, RetentionTrigger? after)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (after is { IsScheduled: true })
        {
            if (before?.Cron != after.Cron)
            {
                await Scheduler(grains).SetAsync(new ScheduleRequest(JobOf(policyId), HarborSchedule.Custom, after.Cron, "{}"));
            }
        }
        else if (before is { IsScheduled: true })
        {
            await Scheduler(grains).RemoveAsync(JobOf(policyId));
        }
    }

    private static ISchedulerGrain Scheduler(IGrainFactory grains) => grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);
}
