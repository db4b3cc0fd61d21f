using System.Globalization;
using ArtifactKeeper.Retention;
using static ArtifactKeeper.Retention.RetentionVocabulary;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Harbor's retention default for a proxy-cache project: retain every artifact of every repository pulled within the
/// last 7 days, evaluated daily at midnight, so what nobody pulls any more leaves the cache.
/// </summary>
public static class ProxyCacheRetention
{
    public const int DaysSinceLastPull = 7;

    /// <summary>Harbor's six-field cron: every day at 00:00:00.</summary>
    public const string DailyCron = "0 0 0 * * *";

    public static RetentionPolicy DefaultPolicy(long projectId)
    {
        var everything = new RetentionSelector(Doublestar, Matches, "**", null);
        var everyRepository = new RetentionSelector(Doublestar, RepoMatches, "**", null);
        var rule = new RetentionRule(
            1, 1, false, RetainAction, NDaysSinceLastPull,
            new Dictionary<string, string>(StringComparer.Ordinal) { [NDaysSinceLastPull] = DaysSinceLastPull.ToString(CultureInfo.InvariantCulture) },
            [everything], [everyRepository]);
        return new RetentionPolicy(
            0, RetentionPolicy.ProjectScope, projectId, OrAlgorithm, [rule],
            new RetentionTrigger(RetentionTrigger.ScheduleKind, DailyCron), default, default);
    }
}
