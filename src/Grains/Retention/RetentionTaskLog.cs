using System.Globalization;
using System.Text;
using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Retention;

/// <summary>
/// The readable outcome of one repository's retention pass: a task log with one line per decision (Harbor shows a
/// table of retained and deleted artifacts), and the audit events of the deletions a real run made.
/// </summary>
public static class RetentionTaskLog
{
    /// <summary>The audit username of retention's deletions.</summary>
    public const string Actor = "retention";

    public static string Format(RetentionRepositoryResult result, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(result);
        var log = new StringBuilder();
        log.Append(CultureInfo.InvariantCulture, $"Repository {result.Repository}{(dryRun ? " (dry run: nothing was deleted)" : string.Empty)}\n");
        log.Append(CultureInfo.InvariantCulture, $"Total {result.Total}, retained {result.Retained}\n");
        log.Append(CultureInfo.InvariantCulture, $"{"Action",-16} {"Tag",-32} {"Digest",-71} Reason\n");
        foreach (var action in result.Actions)
        {
            log.Append(CultureInfo.InvariantCulture, $"{Describe(action.Kind, dryRun),-16} {action.Tag ?? "<untagged>",-32} {action.Digest,-71} {action.Reason}\n");
        }

        return log.ToString();
    }

    /// <summary>The first line of the log of a pass a stop cut short (the rest is <see cref="Format"/> of what it did).</summary>
    public static string StoppedMidPass(long executionId) =>
        string.Create(CultureInfo.InvariantCulture, $"Stopped: execution {executionId} was stopped during this pass; deletions not tried are listed as skipped\n");

    /// <summary>The log of a repository a stopped execution never reached.</summary>
    public static string NotReached(string repository, long executionId) =>
        string.Create(CultureInfo.InvariantCulture, $"Repository {repository}: not evaluated: execution {executionId} was stopped first\n");

    /// <summary>One audit event per deleted tag or artifact of a real run; nothing for a dry run.</summary>
    public static IReadOnlyList<AuditEvent> AuditEvents(RetentionRepositoryResult result, bool dryRun, long policyId, long executionId, long projectId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (dryRun)
        {
            return [];
        }

        var cause = string.Create(CultureInfo.InvariantCulture, $"by retention policy {policyId}, execution {executionId}");
        var events = result.Actions.Where(a => a.Kind == RetentionActionKind.TagDeleted).Select(a => new AuditEvent(
            Actor, $"{result.Repository}:{a.Tag}", Audit.AuditEvents.Tag, Audit.AuditEvents.Delete, true, at, projectId,
            $"delete tag: {result.Repository}:{a.Tag} {cause}")).ToList();

        // An artifact deleted with several tags is one deletion: one event naming its tags.
        events.AddRange(result.Actions.Where(a => a.Kind == RetentionActionKind.ArtifactDeleted).GroupBy(a => a.Digest, StringComparer.Ordinal).Select(g =>
        {
            var tags = g.Select(a => a.Tag).OfType<string>().ToList();
            var named = tags.Count == 0 ? string.Empty : $" (tags {string.Join(", ", tags)})";
            return new AuditEvent(
                Actor, $"{result.Repository}@{g.Key}", Audit.AuditEvents.Artifact, Audit.AuditEvents.Delete, true, at, projectId,
                $"delete artifact: {result.Repository}@{g.Key}{named} {cause}");
        }));
        return events;
    }

    private static string Describe(RetentionActionKind kind, bool dryRun) => kind switch
    {
        RetentionActionKind.Retained => "RETAINED",
        RetentionActionKind.TagDeleted => dryRun ? "WOULD-UNTAG" : "TAG-DELETED",
        RetentionActionKind.ArtifactDeleted => dryRun ? "WOULD-DELETE" : "DELETED",
        RetentionActionKind.Skipped => "SKIPPED",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
