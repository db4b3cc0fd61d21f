using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class ProjectMetadataRulesTests
{
    [Theory]
    [InlineData("public", "true", "true")]
    [InlineData("public", "T", "true")]
    [InlineData("auto_scan", "1", "true")]
    [InlineData("prevent_vul", "FALSE", "false")]
    [InlineData("enable_content_trust", "f", "false")]
    [InlineData("enable_content_trust_cosign", "True", "true")]
    [InlineData("reuse_sys_cve_allowlist", "0", "false")]
    [InlineData("auto_sbom_generation", "true", "true")]
    [InlineData("severity", "HIGH", "high")]
    [InlineData("severity", "none", "none")]
    [InlineData("severity", "Critical", "critical")]
    [InlineData("proxy_speed_kb", "-5", "-5")]
    [InlineData("max_upstream_conn", "-1", "-1")]
    [InlineData("max_upstream_conn", "10", "10")]
    public void TryNormalize_valid_values(string key, string value, string stored)
    {
        Assert.True(ProjectMetadataRules.TryNormalize(key, value, out var normalized, out var error), error);
        Assert.Equal(stored, normalized);
    }

    [Theory]
    [InlineData("public", "yes")]
    [InlineData("public", "")]
    [InlineData("auto_scan", "tRUE")]
    [InlineData("severity", "unknown")]
    [InlineData("severity", "extreme")]
    [InlineData("proxy_speed_kb", "fast")]
    [InlineData("proxy_speed_kb", "3000000000")]
    [InlineData("max_upstream_conn", "0")]
    [InlineData("max_upstream_conn", "-2")]
    public void TryNormalize_invalid_values_name_the_key(string key, string value)
    {
        Assert.False(ProjectMetadataRules.TryNormalize(key, value, out _, out var error));
        Assert.StartsWith($"invalid value for {key}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("color")]
    [InlineData("retention_id")]
    [InlineData("Public")]
    public void TryNormalize_unknown_key_is_invalid_key(string key)
    {
        Assert.False(ProjectMetadataRules.IsKnown(key));
        Assert.False(ProjectMetadataRules.TryNormalize(key, "true", out _, out var error));
        Assert.Equal($"invalid key: {key}", error);
    }

    [Fact]
    public void TryNormalize_map_stops_at_first_bad_pair()
    {
        Assert.True(ProjectMetadataRules.TryNormalize(new Dictionary<string, string> { ["public"] = "1", ["severity"] = "Low" }, out var ok, out _));
        Assert.Equal(new Dictionary<string, string> { ["public"] = "true", ["severity"] = "low" }, ok);
        Assert.False(ProjectMetadataRules.TryNormalize(new Dictionary<string, string> { ["public"] = "1", ["auto_scan"] = "x" }, out _, out var error));
        Assert.Contains("auto_scan", error, StringComparison.Ordinal);
    }
}
