using ArtifactKeeper.Hosting;
using Orleans.Runtime;

namespace ArtifactKeeper.Tests.Unit.Hosting;

public sealed class TransientClusterFailureTests
{
    [Fact]
    public void IsTransient_for_a_failed_silo_connection_is_true()
    {
        Assert.True(TransientClusterFailure.IsTransient(new Orleans.Runtime.Messaging.ConnectionFailedException("silo gone")));
    }

    [Fact]
    public void IsTransient_for_a_dead_silo_wrapped_in_another_exception_is_true()
    {
        var wrapped = new InvalidOperationException("outer", new SiloUnavailableException("dead"));

        Assert.True(TransientClusterFailure.IsTransient(wrapped));
    }

    [Fact]
    public void IsTransient_for_a_grain_call_timeout_is_true()
    {
        Assert.True(TransientClusterFailure.IsTransient(new TimeoutException("response did not arrive")));
    }

    [Fact]
    public void IsTransient_for_a_bug_is_false()
    {
        Assert.False(TransientClusterFailure.IsTransient(new NullReferenceException()));
        Assert.False(TransientClusterFailure.IsTransient(new InvalidOperationException("state", new ArgumentException("bad"))));
    }
}
