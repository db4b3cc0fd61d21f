using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Retention;

/// <summary>
/// One retention pass over one repository through its format's <see cref="IRetentionAdapter"/>: validates the rules
/// (an invalid rule stops the pass before anything is read or deleted), keeps the enabled rules whose scope matches
/// the repository, plans with <see cref="RetentionPlanner"/> and, unless it is a dry run, carries the plan out, in one
/// call (<see cref="RunAsync"/>) or in bounded steps (<see cref="PlanAsync"/>, <see cref="DeleteNextAsync"/> until the
/// pass is complete, <see cref="Complete"/>). The dry run reports the plan itself, so it shows exactly what the real
/// run deletes when nothing changed in between; a deletion the repository refuses at run time (a rule made the tag
/// immutable meanwhile, a tag was pushed onto the artifact) is reported as skipped. Every deletion and skip is logged.
/// </summary>
public sealed partial class RetentionRunner(IRetentionAdapter adapter, TimeProvider clock, ILogger logger)
{
    /// <summary>The whole pass in one call: plan, every deletion, result.</summary>
    public async Task<RetentionRepositoryResult> RunAsync(string repository, RetentionRepositoryRequest request, CancellationToken cancellationToken)
    {
        var pass = await PlanAsync(repository, request, cancellationToken);
        while (!pass.IsComplete)
        {
            await DeleteNextAsync(pass, int.MaxValue, cancellationToken);
        }

        return Complete(pass);
    }

    /// <summary>Validates the rules, reads the candidates and plans; nothing is deleted yet.</summary>
    public async Task<RetentionPass> PlanAsync(string repository, RetentionRepositoryRequest request, CancellationToken cancellationToken)
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

        return new RetentionPass(repository, request, rules.Count, RetentionPlanner.Plan(candidates, rules, clock.GetUtcNow()));
    }

    /// <summary>
    /// Carries out the next deletions of a real pass, at most <paramref name="budget"/>, wave after wave: a deletion
    /// waits only for the artifacts it depends on (an index before its children, a subject before its signatures), so
    /// each batch of independent deletions goes to the adapter at once and the repository persists it in one
    /// transaction. A deletion anchored to an artifact whose deletion failed is not tried.
    /// </summary>
    public async Task DeleteNextAsync(RetentionPass pass, int budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        foreach (var batch in pass.Queue.Take(budget))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var errors = new string?[batch.Count];
            var tried = new List<RetentionDeletion>(batch.Count);
            var triedAt = new List<int>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Anchors.FirstOrDefault(pass.FailedArtifacts.Contains) is { } failedAnchor)
                {
                    errors[i] = $"not deleted: {failedAnchor} it depends on could not be deleted";
                }
                else
                {
                    tried.Add(batch[i]);
                    triedAt.Add(i);
                }
            }

            if (tried.Count > 0)
            {
                var outcomes = await adapter.DeleteManyAsync(tried, cancellationToken);
                for (var j = 0; j < tried.Count; j++)
                {
                    errors[triedAt[j]] = outcomes[j];
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (errors[i] is { } error)
                {
                    Refuse(pass, batch[i], error);
                }
            }
        }
    }

    /// <summary>
    /// Ends a real pass where it stands, as a stopped execution does: the deletions already carried out stay done (a
    /// prefix of the plan, since deletions go in plan order), and every deletion not tried yet is reported as skipped,
    /// so the result says exactly what is still there. The result is that of <see cref="Complete"/>.
    /// </summary>
    public RetentionRepositoryResult Stop(RetentionPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var untried = pass.Queue.Abandon();
        foreach (var deletion in untried)
        {
            foreach (var key in deletion.Keys)
            {
                pass.Refused[key] = string.Create(CultureInfo.InvariantCulture, $"not deleted: execution {pass.ExecutionId} was stopped before this deletion");
            }
        }

        LogStopped(logger, pass.ExecutionId, pass.Repository, untried.Count);
        return Complete(pass);
    }

    /// <summary>The pass's result (the plan, with refused deletions reported as skipped); every action is logged.</summary>
    public RetentionRepositoryResult Complete(RetentionPass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var request = pass.Request;
        var actions = new List<RetentionAction>(pass.Plan.Decisions.Count);
        var retained = 0;
        foreach (var decision in pass.Plan.Decisions)
        {
            var candidate = decision.Candidate;
            var action = pass.Refused.TryGetValue(candidate.Key, out var why)
                ? new RetentionAction(candidate.Digest, candidate.Tag, RetentionActionKind.Skipped, why)
                : new RetentionAction(candidate.Digest, candidate.Tag, decision.Kind, decision.Reason);
            actions.Add(action);
            if (action.Kind is RetentionActionKind.Retained or RetentionActionKind.Skipped)
            {
                retained++;
            }

            Log(pass.Repository, request.ExecutionId, request.DryRun, action);
        }

        LogSummary(logger, request.ExecutionId, pass.Repository, adapter.Format, request.DryRun, actions.Count, retained, pass.RuleCount);
        return new RetentionRepositoryResult(pass.Repository, actions.Count, retained, actions);
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

    private void Refuse(RetentionPass pass, RetentionDeletion deletion, string error)
    {
        if (deletion.Kind == RetentionDeletionKind.Artifact)
        {
            pass.FailedArtifacts.Add(deletion.Digest);
        }

        LogRefused(logger, pass.ExecutionId, pass.Repository, deletion.Tag, deletion.Digest, error);
        foreach (var key in deletion.Keys)
        {
            pass.Refused[key] = "deletion refused: " + error;
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {ExecutionId} {Repository}: stopped with {Untried} deletions not tried")]
    private static partial void LogStopped(ILogger logger, long executionId, string repository, int untried);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {ExecutionId} {Repository} ({Format}, dry run: {DryRun}): {Total} candidates, {Retained} kept, {Rules} applicable rules")]
    private static partial void LogSummary(ILogger logger, long executionId, string repository, string format, bool dryRun, int total, int retained, int rules);
}
