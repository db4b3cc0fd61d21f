using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's ping and health endpoints and the Kubernetes probes; all anonymous.</summary>
public sealed class HealthTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Ping_returns_pong()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/api/v2.0/ping");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("Pong", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Health_reports_healthy_with_components()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/api/v2.0/health");

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal("healthy", json["status"]!.GetValue<string>());
        var components = json["components"]!.AsArray();
        Assert.NotEmpty(components);
        Assert.All(components, c =>
        {
            Assert.False(string.IsNullOrEmpty(c!["name"]!.GetValue<string>()));
            Assert.Equal("healthy", c["status"]!.GetValue<string>());
        });
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Probes_return_200(string path)
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync(path);

        OciAssert.Status(response, HttpStatusCode.OK);
    }
}
