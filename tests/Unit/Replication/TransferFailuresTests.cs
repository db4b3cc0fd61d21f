using System.Net;
using ArtifactKeeper.Replication.Execution;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class TransferFailuresTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new OciRegistryException("503", HttpStatusCode.ServiceUnavailable, transient: true), true },
        { new OciRegistryException("denied", HttpStatusCode.Forbidden, transient: false, "DENIED"), false },
        { new HttpRequestException("connection refused"), true },
        { new IOException("connection reset"), true },
        { new TaskCanceledException("HttpClient timeout"), true },
        { new InvalidOperationException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Registry_verdicts_and_broken_connections_are_transient_anything_else_is_not(Exception failure, bool transient) =>
        Assert.Equal(transient, TransferFailures.IsTransient(failure));

    [Fact]
    public void Retry_after_comes_from_the_registry()
    {
        Assert.Equal(
            TimeSpan.FromSeconds(9),
            TransferFailures.RetryAfter(new OciRegistryException("429", HttpStatusCode.TooManyRequests, transient: true, retryAfter: TimeSpan.FromSeconds(9))));
        Assert.Null(TransferFailures.RetryAfter(new IOException("reset")));
    }
}
