namespace ArtifactKeeper.Retention;

/// <summary>The caller's side of a repository's retention pass: begin it, then continue it step by step until it is done.</summary>
public static class RepositoryRetention
{
    /// <summary>One whole pass over the repository; between its steps the repository serves other calls.</summary>
    public static async Task<RetentionRepositoryResult> ApplyRetentionAsync(this IRepositoryRetentionGrain repository, RetentionRepositoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(request);
        var step = await repository.BeginRetentionAsync(request);
        while (step.Result is null)
        {
            step = await repository.ContinueRetentionAsync(request.ExecutionId);
        }

        return step.Result;
    }

    /// <summary>
    /// One pass that ends early when <paramref name="stop"/> is cancelled: checked before every step, so a step under
    /// way finishes and no further step starts; the pass is then ended where it stands
    /// (<see cref="IRepositoryRetentionGrain.StopRetentionAsync"/>). A pass that completed is never reported as stopped.
    /// </summary>
    public static async Task<RetentionPassOutcome> ApplyRetentionUnlessStoppedAsync(
        this IRepositoryRetentionGrain repository, RetentionRepositoryRequest request, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(request);
        var step = await repository.BeginRetentionAsync(request);
        while (step.Result is null)
        {
            if (stop.IsCancellationRequested)
            {
                return new RetentionPassOutcome(await repository.StopRetentionAsync(request.ExecutionId), Stopped: true);
            }

            step = await repository.ContinueRetentionAsync(request.ExecutionId);
        }

        return new RetentionPassOutcome(step.Result, Stopped: false);
    }
}
