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
        Assert.Contains("TargetBandwidthKbps", new ReplicationOptions { TargetBandwidthKbps = -1 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("TargetBandwidthKbpsByRegistry:x", new ReplicationOptions { TargetBandwidthKbpsByRegistry = { ["x"] = 10 } }.Validate(), StringComparison.Ordinal);
        Assert.Contains("TargetBandwidthKbpsByRegistry:3", new ReplicationOptions { TargetBandwidthKbpsByRegistry = { ["3"] = -1 } }.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_targets_aggregate_bandwidth_is_its_own_override_or_the_default_in_bytes_per_second()
    {
        var options = new ReplicationOptions { TargetBandwidthKbps = 2048, TargetBandwidthKbpsByRegistry = { ["3"] = 100, ["4"] = 0 } };

        Assert.Null(options.Validate());
        Assert.Equal(100 * 1024L, options.TargetBytesPerSecond(3));
        Assert.Null(options.TargetBytesPerSecond(4));
        Assert.Equal(2048 * 1024L, options.TargetBytesPerSecond(5));
        Assert.Null(new ReplicationOptions().TargetBytesPerSecond(5));
    }
}
