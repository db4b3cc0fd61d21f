using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Tests.Unit.Scheduling;

public sealed class ScheduledJobDispatchTests
{
    [Fact]
    public void Kinds_are_listed_and_known_by_their_exact_name()
    {
        var dispatch = new ScheduledJobDispatch([new ScheduledJobRegistration("retention", (_, _) => null!), new ScheduledJobRegistration("gc", (_, _) => null!)]);

        Assert.Equal(["gc", "retention"], dispatch.Kinds);
        Assert.True(dispatch.IsKnown("gc"));
        Assert.False(dispatch.IsKnown("GC"));
        Assert.False(dispatch.IsKnown("scan-all"));
    }

    [Fact]
    public void A_kind_registered_twice_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => new ScheduledJobDispatch([new ScheduledJobRegistration("gc", (_, _) => null!), new ScheduledJobRegistration("gc", (_, _) => null!)]));

        Assert.Contains("'gc'", error.Message, StringComparison.Ordinal);
    }
}
