using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Retention.Oci;

/// <summary>
/// The repository grain's side of <see cref="IRepositoryRetentionGrain"/>: builds the OCI adapter over the grain's
/// index and services, plans in one turn and carries out a real pass in steps of at most
/// <see cref="DeletionsPerStep"/> deletions, one grain call each, so pushes and deletes of the repository interleave
/// between steps instead of waiting for the whole pass. Each step checks its deletions against the index as it is
/// then. Holds the one pass under way; a new pass replaces it (its caller's next step then fails). Kept out of the
/// grain so the grain only delegates.
/// </summary>
public sealed class OciRepositoryRetention(IServiceProvider services, string repository, RepositoryIndex index)
{
    /// <summary>
    /// Deletions per grain call. Each step is one store transaction, and its rows are spread over every page of the
    /// digest-keyed indexes, so small steps rewrite the same pages again and again: on SQLite 10,000 deletions write
    /// about 17,000 WAL pages in steps of 1,000 and 10,800 in steps of 2,500 (6,200 at once). A step of 2,500 holds the
    /// repository for a few hundred milliseconds, so pushes to it still interleave with a long pass.
    /// </summary>
    public const int DeletionsPerStep = 2_500;

    private readonly RetentionRunner _runner = CreateRunner(services, repository, index);
    private RetentionPass? _pass;

    public async Task<RetentionStep> BeginAsync(RetentionRepositoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _pass = null;
        var pass = await _runner.PlanAsync(repository, request, CancellationToken.None);
        if (pass.IsComplete)
        {
            return RetentionStep.Done(_runner.Complete(pass));
        }

        _pass = pass;
        return RetentionStep.Continuing(pass.Remaining);
    }

    public async Task<RetentionStep> ContinueAsync(long executionId)
    {
        var pass = PassOf(executionId);

        await _runner.DeleteNextAsync(pass, DeletionsPerStep, CancellationToken.None);
        if (!pass.IsComplete)
        {
            return RetentionStep.Continuing(pass.Remaining);
        }

        _pass = null;
        return RetentionStep.Done(_runner.Complete(pass));
    }

    /// <summary>Ends the pass of <paramref name="executionId"/> where it stands; its result reports the deletions not tried as skipped.</summary>
    public RetentionRepositoryResult Stop(long executionId)
    {
        var pass = PassOf(executionId);
        _pass = null;
        return _runner.Stop(pass);
    }

    private RetentionPass PassOf(long executionId) =>
        _pass is { } pass && pass.ExecutionId == executionId
            ? pass
            : throw new InvalidOperationException(
                $"no retention pass of execution {executionId} is under way in {repository}: another pass replaced it, or the repository was reloaded");

    private static RetentionRunner CreateRunner(IServiceProvider services, string repository, RepositoryIndex index)
    {
        ArgumentNullException.ThrowIfNull(services);
        var grains = services.GetRequiredService<IGrainFactory>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var deleter = new RepositoryBatchDeleter(
            repository, index, services.GetRequiredService<IRepositoryBatchMetadata>(), grains, loggers.CreateLogger<RepositoryBatchDeleter>());
        var adapter = new OciRetentionAdapter(
            repository,
            index,
            deleter,
            grains,
            services.GetRequiredService<IRetentionFactsMetadata>());
        return new RetentionRunner(adapter, services.GetRequiredService<TimeProvider>(), loggers.CreateLogger<RetentionRunner>());
    }
}
