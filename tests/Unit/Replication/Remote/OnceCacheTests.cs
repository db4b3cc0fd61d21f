using System.Net;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;

namespace ArtifactKeeper.Tests.Unit.Replication.Remote;

public sealed class OnceCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_that_succeeded_is_not_done_again_for_its_key_but_is_for_another()
    {
        var cache = new OnceCache();
        var runs = new List<string>();

        await cache.RunAsync("a", _ => Record(runs, "a"), Ct);
        await cache.RunAsync("a", _ => Record(runs, "a"), Ct);
        await cache.RunAsync("b", _ => Record(runs, "b"), Ct);

        Assert.Equal(["a", "b"], runs);
    }

    [Fact]
    public async Task Concurrent_callers_of_one_key_share_a_single_run()
    {
        var cache = new OnceCache();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        var callers = Enumerable.Range(0, 5).Select(_ => cache.RunAsync("ns", async _ =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
        }, Ct)).ToList();
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        release.SetResult();
        await Task.WhenAll(callers);

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_refusal_is_remembered_and_given_to_later_callers_without_running_again()
    {
        var cache = new OnceCache();
        var runs = 0;
        Task Refuse(CancellationToken _)
        {
            runs++;
            throw new OciRegistryException("creating it was refused", HttpStatusCode.Forbidden, transient: false);
        }

        var first = await Assert.ThrowsAsync<OciRegistryException>(() => cache.RunAsync("ns", Refuse, Ct));
        var second = await Assert.ThrowsAsync<OciRegistryException>(() => cache.RunAsync("ns", Refuse, Ct));

        Assert.Equal(1, runs);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task A_transient_failure_or_another_exception_is_forgotten_so_the_next_caller_runs_the_work()
    {
        var cache = new OnceCache();
        var runs = 0;

        await Assert.ThrowsAsync<OciRegistryException>(() => cache.RunAsync("ns", _ =>
        {
            runs++;
            throw new OciRegistryException("busy", HttpStatusCode.ServiceUnavailable, transient: true);
        }, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.RunAsync("ns", _ =>
        {
            runs++;
            throw new InvalidOperationException("a bug, not an answer");
        }, Ct));
        await cache.RunAsync("ns", _ =>
        {
            runs++;
            return Task.CompletedTask;
        }, Ct);
        await cache.RunAsync("ns", _ => throw new InvalidOperationException("not run again"), Ct);

        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task A_caller_waiting_on_a_run_that_was_cancelled_runs_the_work_itself()
    {
        var cache = new OnceCache();
        using var stopLeader = new CancellationTokenSource();
        var leaderStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        var leader = cache.RunAsync("ns", async token =>
        {
            Interlocked.Increment(ref runs);
            leaderStarted.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, stopLeader.Token);
        await leaderStarted.Task;
        var follower = cache.RunAsync("ns", _ =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }, Ct);
        Assert.False(follower.IsCompleted);
        await stopLeader.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        await follower;
        Assert.Equal(2, runs);
    }

    private static Task Record(List<string> runs, string key)
    {
        runs.Add(key);
        return Task.CompletedTask;
    }
}
