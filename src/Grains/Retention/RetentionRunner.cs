using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Retention;

/// <summary>
/// One retention pass over one repository through its format's <see cref="IRetentionAdapter"/>: validates the rules
/// (an invalid rule stops the pass before anything is read or deleted), keeps the enabled rules whose scope matches
/// the repository, plans with <see cref="RetentionPlanner"/> and, unless it is a dry run, carries the plan out. The
/// dry run reports the plan itself, so it shows exactly what the real run deletes when nothing changed in between;
/// a deletion the repository refuses at run time (a rule made the tag immutable meanwhile) is reported as skipped.
/// Every deletion and skip is logged.
/// </summary>
public sealed partial class RetentionRunner(IRetentionAdapter adapter, TimeProvider clock, ILogger logger)
{
    public async Task<RetentionRepositoryResult> RunAsync(string repository, RetentionRepositoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(request);
        var rules = ApplicableRules(repository, request.Rules ?? []);

        var candidates = await adapter.ListCandidatesAsync(cancellationToken);
        var protectedKeys = await adapter.FindProtectedAsync(candidates, cancellationToken);
        if (protectedKeys.Count > 0)
        {
            candidates = candidates
                .Select(c => protectedKeys.TryGetValue(c.Key, out var reason) ? c with { Protections = [.. c.ProtectionReasons, reason] } : c)
                .ToList();
        }

        var plan = RetentionPlanner.Plan(candidates, rules, clock.GetUtcNow());
        var refused = request.DryRun
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await DeleteAsync(repository, request.ExecutionId, plan, cancellationToken);

        var actions = new List<RetentionAction>(plan.Decisions.Count);
        var retained = 0;
        foreach (var decision in plan.Decisions)
        {
            var candidate = decision.Candidate;
            var action = refused.TryGetValue(candidate.Key, out var why)
                ? new RetentionAction(candidate.Digest, candidate.Tag, RetentionActionKind.Skipped, why)
                : new RetentionAction(candidate.Digest, candidate.Tag, decision.Kind, decision.Reason);
            actions.Add(action);
            if (action.Kind is RetentionActionKind.Retained or RetentionActionKind.Skipped)
            {
                retained++;
            }

            Log(repository, request.ExecutionId, request.DryRun, action);
        }

        LogSummary(logger, request.ExecutionId, repository, adapter.Format, request.DryRun, actions.Count, retained, rules.Count);
        return new RetentionRepositoryResult(repository, actions.Count, retained, actions);
    }

    /// <summary>The enabled rules whose scope matches <paramref name="repository"/>; throws <see cref="ArgumentException"/> naming the first invalid or unsupported rule.</summary>
    private List<CompiledRetentionRule> ApplicableRules(string repository, IReadOnlyList<RetentionRule> rules)
    {
        var applicable = new List<CompiledRetentionRule>();
        foreach (var rule in rules.Where(r => r is null || !r.Disabled))
        {
            if (!CompiledRetentionRule.TryCompile(rule, out var compiled, out var error))
            {
                throw new ArgumentException($"retention of {repository} refused: {error}", nameof(rules));
            }

            if (!adapter.SupportedTemplates.Contains(rule.Template))
            {
                throw new ArgumentException($"retention of {repository} refused: template {rule.Template} is not supported for {adapter.Format} repositories", nameof(rules));
            }

            if (compiled!.Scope.Matches(repository))
            {
                applicable.Add(compiled);
            }
        }

        return applicable;
    }

    /// <summary>Carries out the deletions in plan order; returns the candidate keys whose deletion did not happen, with why.</summary>
    private async Task<Dictionary<string, string>> DeleteAsync(string repository, long executionId, RetentionPlan plan, CancellationToken cancellationToken)
    {
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var failedArtifacts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deletion in plan.Deletions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var failedAnchor = deletion.Anchors.FirstOrDefault(failedArtifacts.Contains);
            var error = failedAnchor is not null
                ? $"not deleted: {failedAnchor} it depends on could not be deleted"
                : await adapter.DeleteAsync(deletion, cancellationToken);
            if (error is null)
            {
                continue;
            }

            if (deletion.Kind == RetentionDeletionKind.Artifact)
            {
                failedArtifacts.Add(deletion.Digest);
            }

            LogRefused(logger, executionId, repository, deletion.Tag, deletion.Digest, error);
            foreach (var key in deletion.Keys)
            {
                refused[key] = "deletion refused: " + error;
            }
        }

        return refused;
    }

    private void Log(string repository, long executionId, bool dryRun, RetentionAction action)
    {
        switch (action.Kind)
        {
            case RetentionActionKind.TagDeleted or RetentionActionKind.ArtifactDeleted:
                LogDeleted(logger, executionId, repository, action.Tag, action.Digest, action.Kind, dryRun, action.Reason);
                break;
            case RetentionActionKind.Skipped:
                LogSkipped(logger, executionId, repository, action.Tag, action.Digest, action.Reason);
                break;
            default:
                LogRetained(logger, executionId, repository, action.Tag, action.Digest, action.Reason);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {ExecutionId} {Repository}: {Kind} {Tag}@{Digest} (dry run: {DryRun}): {Reason}")]
    private static partial void LogDeleted(ILogger logger, long executionId, string repository, string? tag, string digest, RetentionActionKind kind, bool dryRun, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {ExecutionId} {Repository}: skipped {Tag}@{Digest}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, long executionId, string repository, string? tag, string digest, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention {ExecutionId} {Repository}: retained {Tag}@{Digest}: {Reason}")]
    private static partial void LogRetained(ILogger logger, long executionId, string repository, string? tag, string digest, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention {ExecutionId} {Repository}: the repository refused to delete {Tag}@{Digest}: {Error}")]
    private static partial void LogRefused(ILogger logger, long executionId, string repository, string? tag, string digest, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {ExecutionId} {Repository} ({Format}, dry run: {DryRun}): {Total} candidates, {Retained} kept, {Rules} applicable rules")]
    private static partial void LogSummary(ILogger logger, long executionId, string repository, string format, bool dryRun, int total, int retained, int rules);
}
