using System.Globalization;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Retention;

/// <summary>
/// One retention policy (key: its id). Runs one execution at a time: lists the project's repositories from the store,
/// plans which rules apply to each (<see cref="RetentionExecutionPlan"/>), and fans out to the repositories' grains with at most
/// <see cref="Concurrency"/> passes in flight, so repositories are evaluated concurrently across silos. Each
/// repository becomes a task with its totals and log; every deletion of a real run goes to the audit log. The run
/// continues on this activation after the start call returns. A stop (Harbor's semantics) ends every pass under way
/// after its current step (at most <c>DeletionsPerStep</c> deletions), so what was deleted is a prefix of the plan; those
/// tasks, and a task for every repository not reached yet, end Stopped, and so does the execution.
/// </summary>
[GrainType("retention-policy")]
public sealed class RetentionPolicyGrain(
    IRetentionMetadata store, ICatalogQueries catalog, TimeProvider clock, ILogger<RetentionPolicyGrain> logger) : Grain, IRetentionPolicyGrain
{
    /// <summary>Repository passes of one execution in flight at once.</summary>
    public const int Concurrency = 4;

    private const int RepositoryPageSize = 1_000;

    private RunningExecution? _running;

    private long PolicyId => long.TryParse(this.GetPrimaryKeyString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;

    /// <summary>Whatever a previous activation left running died with it: mark it Error so a new execution may start.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (PolicyId > 0)
        {
            var failed = await store.FailUnfinishedRetentionExecutionsAsync(PolicyId, "the execution was interrupted: the silo running it stopped\n", clock.GetUtcNow(), cancellationToken);
            if (failed > 0)
            {
                logger.LogWarning("Marked {Count} interrupted execution(s) of retention policy {PolicyId} as Error", failed, PolicyId);
            }
        }
    }

    public async Task<RetentionPolicyResult> TryUpdateAsync(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (await LoadAsync() is not { } current)
        {
            return new RetentionPolicyResult(RegistryError.NameUnknown, NotFound(), null);
        }

        var changed = current with { Algorithm = policy.Algorithm, Rules = policy.Rules, Trigger = policy.Trigger };
        var (error, message) = RetentionPolicyValidator.Validate(changed);
        if (error != RegistryError.None)
        {
            return new RetentionPolicyResult(error, message, null);
        }

        var updated = await store.UpdateRetentionPolicyAsync(changed, clock.GetUtcNow(), CancellationToken.None);
        if (updated is null)
        {
            return new RetentionPolicyResult(RegistryError.NameUnknown, NotFound(), null);
        }

        await RetentionSchedule.ApplyAsync(GrainFactory, PolicyId, current.Trigger, updated.Trigger);
        logger.LogInformation("Updated retention policy {PolicyId}", PolicyId);
        return new RetentionPolicyResult(RegistryError.None, null, updated);
    }

    public async Task<RetentionExecutionResult> TryStartExecutionAsync(string trigger, bool dryRun)
    {
        if (await LoadAsync() is not { } policy)
        {
            return new RetentionExecutionResult(RegistryError.NameUnknown, NotFound(), null);
        }

        if (_running is { } running)
        {
            return new RetentionExecutionResult(
                RegistryError.Conflict, string.Create(CultureInfo.InvariantCulture, $"execution {running.Id} of retention policy {PolicyId} is still running"), null);
        }

        var execution = await store.CreateRetentionExecutionAsync(PolicyId, trigger, dryRun, clock.GetUtcNow(), CancellationToken.None);
        var stop = new CancellationTokenSource();
        _running = new RunningExecution(execution.Id, stop);
        DelayDeactivation(TimeSpan.FromHours(1));
        logger.LogInformation("Started execution {ExecutionId} of retention policy {PolicyId} ({Trigger}, dry run {DryRun})", execution.Id, PolicyId, trigger, dryRun);
        _ = RunAsync(policy, execution, stop);
        return new RetentionExecutionResult(RegistryError.None, null, execution);
    }

    public async Task<RetentionExecutionResult> TryStopExecutionAsync(long executionId)
    {
        var execution = await store.GetRetentionExecutionAsync(executionId, CancellationToken.None);
        if (execution is null || execution.PolicyId != PolicyId)
        {
            return new RetentionExecutionResult(
                RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"execution {executionId} of retention policy {PolicyId} not found"), null);
        }

        if (_running is { } running && running.Id == executionId)
        {
            logger.LogInformation("Stopping execution {ExecutionId} of retention policy {PolicyId}", executionId, PolicyId);
            await running.Stop.CancelAsync();
        }

        return new RetentionExecutionResult(RegistryError.None, null, execution);
    }

    /// <summary>A scheduled firing: a real run, trigger Schedule. A policy gone since is unscheduled; a run under way is left alone.</summary>
    public async Task FireAsync(string parameters, DateTimeOffset dueAt)
    {
        var result = await TryStartExecutionAsync(RetentionTriggers.Schedule, dryRun: false);
        if (result.Error == RegistryError.NameUnknown)
        {
            logger.LogWarning("Retention policy {PolicyId} no longer exists; removing its schedule", PolicyId);
            await RetentionSchedule.ApplyAsync(GrainFactory, PolicyId, new RetentionTrigger(RetentionTrigger.ScheduleKind, "*"), null);
        }
        else if (!result.Succeeded)
        {
            logger.LogWarning("Scheduled retention of policy {PolicyId} due at {DueAt} skipped: {Message}", PolicyId, dueAt, result.Message);
        }
    }

    private async Task RunAsync(RetentionPolicy policy, RetentionExecution execution, CancellationTokenSource stop)
    {
        // The store's SQLite calls complete synchronously: yield first, so the start call is answered before the run reads anything.
        await Task.Yield();
        var status = RetentionStatus.Error;
        try
        {
            var plan = RetentionExecutionPlan.For(policy.Rules, await ListRepositoriesAsync(policy.ScopeReference));
            var queue = new Queue<RetentionExecutionItem>(plan);
            var failures = 0;
            async Task WorkAsync()
            {
                while (!stop.IsCancellationRequested && queue.TryDequeue(out var item))
                {
                    if (!await RunTaskAsync(policy, execution, item, stop.Token))
                    {
                        failures++;
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Math.Min(Concurrency, Math.Max(plan.Count, 1))).Select(_ => WorkAsync()));

            // As Harbor's task manager does on a stop: the repositories not reached get their task, Stopped.
            while (queue.TryDequeue(out var item))
            {
                await RecordNotReachedAsync(execution, item);
            }

            status = stop.IsCancellationRequested ? RetentionStatus.Stopped : failures > 0 ? RetentionStatus.Error : RetentionStatus.Success;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Execution {ExecutionId} of retention policy {PolicyId} failed", execution.Id, PolicyId);
        }
        finally
        {
            await store.UpdateRetentionExecutionAsync(execution.Id, status, clock.GetUtcNow(), CancellationToken.None);
            _running = null;
            stop.Dispose();
            logger.LogInformation("Execution {ExecutionId} of retention policy {PolicyId} ended: {Status}", execution.Id, PolicyId, status);
        }
    }

    /// <summary>
    /// One repository's pass as a task; false when it failed (the task says why). A stop cuts the pass short between two
    /// of its steps: the task then ends Stopped with what was done so far.
    /// </summary>
    private async Task<bool> RunTaskAsync(RetentionPolicy policy, RetentionExecution execution, RetentionExecutionItem item, CancellationToken stop)
    {
        var task = await store.CreateRetentionTaskAsync(execution.Id, item.Repository, clock.GetUtcNow(), CancellationToken.None);
        try
        {
            var (result, stopped) = await GrainFactory.GetGrain<IRepositoryRetentionGrain>(item.Repository)
                .ApplyRetentionUnlessStoppedAsync(new RetentionRepositoryRequest(execution.Id, item.Rules, execution.DryRun), stop);
            var events = RetentionTaskLog.AuditEvents(result, execution.DryRun, PolicyId, execution.Id, policy.ScopeReference, clock.GetUtcNow());
            var log = RetentionTaskLog.Format(result, execution.DryRun);

            // Independent writes: together they can share one commit of the store.
            await Task.WhenAll(
                events.Count > 0 ? GrainFactory.GetGrain<IAuditLogGrain>(0).AppendAsync(events) : Task.CompletedTask,
                store.FinishRetentionTaskAsync(
                    task.Id,
                    stopped ? RetentionStatus.Stopped : RetentionStatus.Success,
                    result.Total,
                    result.Retained,
                    stopped ? RetentionTaskLog.StoppedMidPass(execution.Id) + log : log,
                    clock.GetUtcNow(),
                    CancellationToken.None));
            return true;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Retention of {Repository} in execution {ExecutionId} failed", item.Repository, execution.Id);
            await store.FinishRetentionTaskAsync(
                task.Id, RetentionStatus.Error, 0, 0, $"Repository {item.Repository}: retention failed: {ex.Message}\n", clock.GetUtcNow(), CancellationToken.None);
            return false;
        }
    }

    /// <summary>A repository the stopped execution never reached: a task of its own, Stopped, that says so.</summary>
    private async Task RecordNotReachedAsync(RetentionExecution execution, RetentionExecutionItem item)
    {
        var task = await store.CreateRetentionTaskAsync(execution.Id, item.Repository, clock.GetUtcNow(), CancellationToken.None);
        await store.FinishRetentionTaskAsync(
            task.Id, RetentionStatus.Stopped, 0, 0, RetentionTaskLog.NotReached(item.Repository, execution.Id), clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>
    /// Every repository of the project, from the store's name index a page at a time (never by activating grains, and
    /// without the per-repository counts of the Harbor listing): a project's names are one contiguous range after
    /// <c>project/</c>.
    /// </summary>
    private async Task<List<string>> ListRepositoriesAsync(long projectId)
    {
        var names = new List<string>();
        var project = await catalog.FindProjectNameAsync(projectId, CancellationToken.None);
        if (project is null)
        {
            return names;
        }

        var prefix = project + "/";
        var last = prefix;
        while (true)
        {
            var page = await catalog.ListRepositoriesAsync(last, RepositoryPageSize, CancellationToken.None);
            var inProject = page.TakeWhile(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            names.AddRange(inProject);
            if (inProject.Count < RepositoryPageSize)
            {
                return names;
            }

            last = inProject[^1];
        }
    }

    private Task<RetentionPolicy?> LoadAsync() =>
        PolicyId > 0 ? store.GetRetentionPolicyAsync(PolicyId, CancellationToken.None) : Task.FromResult<RetentionPolicy?>(null);

    private string NotFound() => string.Create(CultureInfo.InvariantCulture, $"retention policy {PolicyId} not found");

    private sealed record RunningExecution(long Id, CancellationTokenSource Stop);
}
