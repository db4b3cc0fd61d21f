using ArtifactKeeper.Auth.Ldap;

namespace ArtifactKeeper.Tests.Unit.Auth.Ldap;

public sealed class LdapUrlTests
{
    [Theory]
    [InlineData("ldap://ldap.example.org", "ldap.example.org", 389, false)]
    [InlineData("ldaps://ldap.example.org", "ldap.example.org", 636, true)]
    [InlineData("ldap://127.0.0.1:10389/", "127.0.0.1", 10389, false)]
    [InlineData("ldap.example.org", "ldap.example.org", 389, false)]
    [InlineData("ldap.example.org:636", "ldap.example.org", 636, true)]
    [InlineData("LDAPS://[::1]:1636", "::1", 1636, true)]
    public void TryParse_reads_harbor_url_forms(string text, string host, int port, bool secure)
    {
        Assert.True(LdapUrl.TryParse(text, out var url));
        Assert.Equal(new LdapUrl(host, port, secure), url);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://ldap.example.org")]
    [InlineData("ldap://")]
    [InlineData("ldap://host:0")]
    [InlineData("ldap://host:99999")]
    [InlineData("ldap://host:port")]
    [InlineData("ldap://user@host")]
    [InlineData("ldap://host/dc=org")]
    public void TryParse_rejects_other_schemes_and_bad_ports(string text)
    {
        Assert.False(LdapUrl.TryParse(text, out _));
    }
}
