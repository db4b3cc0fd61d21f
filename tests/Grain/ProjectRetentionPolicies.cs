using System.Globalization;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Project-wide retention policies the policy-grain tests create.</summary>
internal static class ProjectRetentionPolicies
{
    /// <summary>Harbor's "retain the most recently pushed <paramref name="kept"/> artifacts" over tags matching <paramref name="tagPattern"/>, in every repository, no schedule.</summary>
    public static RetentionPolicy KeepLatest(long projectId, int kept, string tagPattern) => new(
        0,
        RetentionPolicy.ProjectScope,
        projectId,
        RetentionPolicy.OrAlgorithm,
        [new RetentionRule(1, 0, false, RetentionVocabulary.RetainAction, RetentionVocabulary.LatestPushedK,
            new Dictionary<string, string> { [RetentionVocabulary.LatestPushedK] = kept.ToString(CultureInfo.InvariantCulture) },
            [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.Matches, tagPattern, null)],
            [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.RepoMatches, "**", null)])],
        new RetentionTrigger(RetentionTrigger.ScheduleKind, string.Empty),
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch);
}
