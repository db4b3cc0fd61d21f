using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.HarborApi.Models;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class LdapPingSettingsTests
{
    private static LdapOptions Configured() => new()
    {
        Url = "ldap://ldap.example.org",
        SearchDn = "cn=admin,dc=example,dc=org",
        SearchPassword = "configured-secret",
        BaseDn = "dc=example,dc=org",
    };

    [Fact]
    public void No_body_pings_the_configured_settings_without_changing_them()
    {
        var configured = Configured();

        Assert.True(LdapPingSettings.TryMerge(configured, null, out var settings, out _));

        Assert.NotSame(configured, settings);
        Assert.Equal(configured.Url, settings.Url);
        Assert.Equal("configured-secret", settings.SearchPassword);
    }

    [Fact]
    public void Body_fields_override_and_the_configured_password_is_reused_for_the_same_server()
    {
        var configured = Configured();
        var body = new LdapConf { LdapUrl = "LDAP://ldap.example.org", LdapSearchDn = "cn=other,dc=example,dc=org", LdapScope = 1, LdapConnectionTimeout = 9 };

        Assert.True(LdapPingSettings.TryMerge(configured, body, out var settings, out _));

        Assert.Equal("cn=other,dc=example,dc=org", settings.SearchDn);
        Assert.Equal("configured-secret", settings.SearchPassword);
        Assert.Equal(LdapScope.OneLevel, settings.Scope);
        Assert.Equal(9, settings.TimeoutSeconds);
        Assert.Equal("cn=admin,dc=example,dc=org", configured.SearchDn);
    }

    [Fact]
    public void Another_server_never_receives_the_configured_password()
    {
        var body = new LdapConf { LdapUrl = "ldap://attacker.example.com" };

        Assert.True(LdapPingSettings.TryMerge(Configured(), body, out var settings, out _));

        Assert.Equal(string.Empty, settings.SearchPassword);
    }

    [Theory]
    [InlineData(3L, null)]
    [InlineData(-1L, null)]
    [InlineData(null, 301L)]
    [InlineData(null, -5L)]
    public void Out_of_range_scope_or_timeout_is_refused(long? scope, long? timeout)
    {
        var body = new LdapConf { LdapScope = scope, LdapConnectionTimeout = timeout };

        Assert.False(LdapPingSettings.TryMerge(Configured(), body, out _, out var error));
        Assert.NotNull(error);
    }
}
