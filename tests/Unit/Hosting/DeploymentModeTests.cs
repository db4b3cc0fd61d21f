using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Unit.Hosting;

public sealed class DeploymentModeTests
{
    [Fact]
    public void GetDeploymentMode_without_a_setting_is_embedded()
    {
        Assert.Equal(DeploymentMode.Embedded, Configuration([]).GetDeploymentMode());
    }

    [Theory]
    [InlineData("Cluster", DeploymentMode.Cluster)]
    [InlineData("cluster", DeploymentMode.Cluster)]
    [InlineData("Embedded", DeploymentMode.Embedded)]
    public void GetDeploymentMode_reads_the_mode_case_insensitively(string value, DeploymentMode expected)
    {
        Assert.Equal(expected, Configuration(new() { ["ArtifactKeeper:Mode"] = value }).GetDeploymentMode());
    }

    [Theory]
    [InlineData("Clustered")]
    [InlineData("7")]
    public void GetDeploymentMode_with_an_unknown_value_fails_naming_the_key(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Configuration(new() { ["ArtifactKeeper:Mode"] = value }).GetDeploymentMode());

        Assert.Contains("ArtifactKeeper:Mode", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
