namespace ArtifactKeeper.Retention;

/// <summary>
/// Where a repository's retention pass stands after one grain call: finished with its <see cref="Result"/>, or with
/// <see cref="Remaining"/> deletions still to do (ask again with <see cref="IRepositoryRetentionGrain.ContinueRetentionAsync"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RetentionStep(RetentionRepositoryResult? Result, int Remaining)
{
    public bool IsDone => Result is not null;

    public static RetentionStep Done(RetentionRepositoryResult result) => new(result, 0);

    public static RetentionStep Continuing(int remaining) => new(null, remaining);
}
