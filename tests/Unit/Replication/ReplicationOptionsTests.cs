using ArtifactKeeper.Replication.Execution;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class ReplicationOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_as_documented()
    {
        var options = new ReplicationOptions();

        Assert.Null(options.Validate());
        Assert.Equal((4, 10L * 1024 * 1024, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2), 5), (options.ConcurrencyPerTarget, options.ChunkSize, options.BaseDelay, options.MaxDelay, options.MaxAttempts));
    }

    [Fact]
    public void Bad_values_are_refused_naming_the_key()
    {
        Assert.Contains("ConcurrencyPerTarget", new ReplicationOptions { ConcurrencyPerTarget = 0 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("ChunkSize", new ReplicationOptions { ChunkSize = 1 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("MaxDelay", new ReplicationOptions { MaxDelay = TimeSpan.FromSeconds(1) }.Validate(), StringComparison.Ordinal);
        Assert.Contains("MaxAttempts", new ReplicationOptions { MaxAttempts = 0 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("ResumeInterval", new ReplicationOptions { ResumeInterval = TimeSpan.Zero }.Validate(), StringComparison.Ordinal);
    }
}
