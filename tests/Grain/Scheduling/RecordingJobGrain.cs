using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Tests.Grain.Scheduling;

/// <summary>One firing a <see cref="RecordingJobGrain"/> received.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordedFiring([property: Id(0)] string Parameters, [property: Id(1)] DateTimeOffset DueAt);

/// <summary>A job the scheduler can fire (kind <see cref="RecordingJobGrain.Kind"/>) that remembers its firings.</summary>
[Alias("tests.recording-job")]
public interface IRecordingJobGrain : IScheduledJobGrain
{
    [Alias("firings")]
    Task<IReadOnlyList<RecordedFiring>> FiringsAsync();

    /// <summary>Until <see cref="ReleaseAsync"/>, every firing hangs (a slow job) before it is recorded.</summary>
    [Alias("hold")]
    Task HoldAsync();

    [Alias("release")]
    Task ReleaseAsync();
}

/// <summary>A real grain standing in for GC, retention and the like: it records what the scheduler fired, in memory.</summary>
[Orleans.Concurrency.Reentrant]
public sealed class RecordingJobGrain : Orleans.Grain, IRecordingJobGrain
{
    public const string Kind = "test-recording";

    private readonly List<RecordedFiring> _firings = [];
    private TaskCompletionSource? _hold;

    public async Task FireAsync(string parameters, DateTimeOffset dueAt)
    {
        if (_hold is { } hold)
        {
            await hold.Task;
        }

        _firings.Add(new RecordedFiring(parameters, dueAt));
    }

    public Task<IReadOnlyList<RecordedFiring>> FiringsAsync() => Task.FromResult<IReadOnlyList<RecordedFiring>>([.. _firings]);

    public Task HoldAsync()
    {
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync()
    {
        _hold?.TrySetResult();
        _hold = null;
        return Task.CompletedTask;
    }
}
