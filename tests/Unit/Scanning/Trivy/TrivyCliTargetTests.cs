using ArtifactKeeper.Scanning.Trivy;

namespace ArtifactKeeper.Tests.Unit.Scanning.Trivy;

public sealed class TrivyCliTargetTests
{
    [Fact]
    public void A_path_alone_is_a_stand_alone_binary()
    {
        var target = TrivyCliTarget.Parse(new Uri("trivy+cli:///opt/trivy%20cli/trivy"), out var error);

        Assert.Null(error);
        Assert.Equal(new TrivyCliTarget("/opt/trivy cli/trivy", null), target);
    }

    [Fact]
    public void A_server_parameter_names_the_Trivy_server_the_binary_is_a_client_of()
    {
        var target = TrivyCliTarget.Parse(new Uri("trivy+cli:///usr/bin/trivy?server=" + Uri.EscapeDataString("https://trivy.internal:4954/")), out var error);

        Assert.Null(error);
        Assert.Equal("/usr/bin/trivy", target!.Executable);
        Assert.Equal(new Uri("https://trivy.internal:4954/"), target.Server);
    }

    [Theory]
    [InlineData("trivy+cli:///", "absolute path")]
    [InlineData("trivy+cli://host/usr/bin/trivy", "absolute path")]
    [InlineData("trivy+cli:///usr/bin/trivy?server=", "http(s) URL")]
    [InlineData("trivy+cli:///usr/bin/trivy?server=ftp%3A%2F%2Fhost", "http(s) URL")]
    [InlineData("trivy+cli:///usr/bin/trivy?server=http%3A%2F%2Fuser%3Apw%40host", "http(s) URL")]
    [InlineData("trivy+cli:///usr/bin/trivy?server=http%3A%2F%2Fa&server=http%3A%2F%2Fb", "one query parameter")]
    [InlineData("trivy+cli:///usr/bin/trivy?token=x", "one query parameter")]
    public void Bad_paths_and_servers_are_refused_with_the_reason(string url, string reason)
    {
        Assert.Null(TrivyCliTarget.Parse(new Uri(url), out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
