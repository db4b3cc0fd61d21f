using System.Text;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class BasicCredentialsTests
{
    private static string Header(string pair, string scheme = "Basic") =>
        $"{scheme} {Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))}";

    [Fact]
    public void TryParse_valid_header_returns_username_and_password()
    {
        Assert.True(BasicCredentials.TryParse(Header("admin:Harbor12345"), out var credentials));

        Assert.Equal("admin", credentials.Username);
        Assert.Equal("Harbor12345", credentials.Password);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("BASIC")]
    [InlineData("bAsIc")]
    public void TryParse_scheme_is_case_insensitive(string scheme)
    {
        Assert.True(BasicCredentials.TryParse(Header("alice:secret", scheme), out var credentials));

        Assert.Equal("alice", credentials.Username);
    }

    [Fact]
    public void TryParse_password_may_contain_colons()
    {
        Assert.True(BasicCredentials.TryParse(Header("robot$ci:a:b::c"), out var credentials));

        Assert.Equal("robot$ci", credentials.Username);
        Assert.Equal("a:b::c", credentials.Password);
    }

    [Fact]
    public void TryParse_decodes_utf8()
    {
        Assert.True(BasicCredentials.TryParse(Header("jürgen:pässwörd✓"), out var credentials));

        Assert.Equal("jürgen", credentials.Username);
        Assert.Equal("pässwörd✓", credentials.Password);
    }

    [Fact]
    public void TryParse_empty_password_is_accepted()
    {
        Assert.True(BasicCredentials.TryParse(Header("alice:"), out var credentials));

        Assert.Equal("alice", credentials.Username);
        Assert.Equal(string.Empty, credentials.Password);
    }

    [Fact]
    public void TryParse_tolerates_surrounding_and_separating_spaces()
    {
        var value = "  Basic   " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pw")) + "  ";

        Assert.True(BasicCredentials.TryParse(value, out var credentials));

        Assert.Equal("alice", credentials.Username);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Bearer YWxpY2U6cHc=")]
    [InlineData("BasicYWxpY2U6cHc=")]
    [InlineData("Basics YWxpY2U6cHc=")]
    [InlineData("Basic !!!notbase64!!!")]
    [InlineData("Basic YWxpY2U6cHc")] // unpadded
    [InlineData("Basic YWxpY2Vwdw==")] // "alicepw": no colon
    [InlineData("Basic OnB3")] // ":pw": empty username
    [InlineData("Basic /w==")] // 0xFF: not UTF-8
    public void TryParse_malformed_header_returns_false(string? value)
    {
        Assert.False(BasicCredentials.TryParse(value, out var credentials));
        Assert.Equal(default, credentials);
    }

    [Fact]
    public void TryParse_oversized_header_returns_false()
    {
        Assert.False(BasicCredentials.TryParse(Header("alice:" + new string('x', 10_000)), out _));
    }

    [Fact]
    public void ToString_omits_the_password()
    {
        var credentials = new BasicCredentials("alice", "s3cr3t-value");

        var text = credentials.ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", $"{credentials}", StringComparison.Ordinal);
    }
}
