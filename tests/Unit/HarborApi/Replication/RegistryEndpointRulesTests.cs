using ArtifactKeeper.HarborApi.Replication;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Tests.Unit.HarborApi.Replication;

public sealed class RegistryEndpointRulesTests
{
    [Theory]
    [InlineData("https://registry.example/", "https://registry.example")]
    [InlineData("  http://registry.example:5000/v2/  ", "http://registry.example:5000/v2")]
    [InlineData("HTTPS://Registry.Example", "https://registry.example")]
    public void Urls_are_stored_absolute_without_a_trailing_slash(string url, string expected)
    {
        Assert.True(RegistryEndpointRules.TryNormalizeUrl(url, null, out var normalized, out var error));
        Assert.Equal(expected, normalized);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("ftp://registry.example")]
    [InlineData("registry.example")]
    [InlineData("/relative/path")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:secret@registry.example")]
    [InlineData("http://registry.example/?token=x")]
    [InlineData("http://registry.example/#frag")]
    [InlineData("")]
    public void Other_urls_are_refused(string url)
    {
        Assert.False(RegistryEndpointRules.TryNormalizeUrl(url, null, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void An_empty_url_takes_the_types_default_and_a_refusal_never_repeats_user_info()
    {
        Assert.True(RegistryEndpointRules.TryNormalizeUrl(" ", "https://hub.docker.com", out var normalized, out _));
        Assert.Equal("https://hub.docker.com", normalized);
        Assert.False(RegistryEndpointRules.TryNormalizeUrl("http://user:hunter2@x.example", null, out _, out var error));
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_types_and_credentials_are_checked()
    {
        Assert.Null(RegistryEndpointRules.CheckName("dr-site"));
        Assert.NotNull(RegistryEndpointRules.CheckName(""));
        Assert.NotNull(RegistryEndpointRules.CheckName(new string('n', RegistryEndpointRules.MaxNameLength + 1)));
        Assert.NotNull(RegistryEndpointRules.CheckName("a\nb"));
        Assert.All(RegistryEndpointTypes.All, t => Assert.Null(RegistryEndpointRules.CheckType(t)));
        Assert.NotNull(RegistryEndpointRules.CheckType("Harbor"));
        Assert.NotNull(RegistryEndpointRules.CheckType(null));
        Assert.Null(RegistryEndpointRules.CheckCredential("basic", "key", "secret"));
        Assert.Null(RegistryEndpointRules.CheckCredential("oauth", null, null));
        Assert.NotNull(RegistryEndpointRules.CheckCredential("kerberos", "key", null));
        Assert.NotNull(RegistryEndpointRules.CheckCredential("basic", null, "secret"));
        Assert.Equal("basic", RegistryEndpointRules.CredentialTypeOrDefault(""));
        Assert.Null(RegistryEndpointRules.AccessKeyOrNone(""));
    }
}
