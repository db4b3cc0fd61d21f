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
}
