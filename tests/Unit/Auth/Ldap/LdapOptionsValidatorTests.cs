using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Unit.Auth.Ldap;

public sealed class LdapOptionsValidatorTests
{
    private static LdapOptions Valid() => new()
    {
        Url = "ldap://ldap.example.org",
        SearchDn = "cn=admin,dc=example,dc=org",
        SearchPassword = "search-secret",
        BaseDn = "ou=people,dc=example,dc=org",
        Filter = "(objectClass=inetOrgPerson)",
        GroupBaseDn = "ou=groups,dc=example,dc=org",
        GroupFilter = "objectClass=groupOfNames",
        GroupAdminDn = "cn=admins,ou=groups,dc=example,dc=org",
    };

    private static ValidateOptionsResult Validate(LdapOptions options, AuthMode mode = AuthMode.Ldap) =>
        new LdapOptionsValidator(Options.Create(new AuthOptions { Mode = mode })).Validate(null, options);

    [Fact]
    public void Complete_settings_are_valid_and_defaults_match_harbor()
    {
        var options = Valid();

        Assert.True(Validate(options).Succeeded);
        Assert.Equal("uid", options.UidAttribute);
        Assert.Equal("cn", options.GroupNameAttribute);
        Assert.Equal("memberof", options.GroupMembershipAttribute);
        Assert.Equal(LdapScope.Subtree, options.Scope);
    }

    [Fact]
    public void Empty_section_is_ignored_outside_ldap_mode()
    {
        Assert.True(Validate(new LdapOptions(), AuthMode.Database).Succeeded);
    }

    [Fact]
    public void Empty_section_in_ldap_mode_names_url_and_base_dn()
    {
        var result = Validate(new LdapOptions());

        Assert.True(result.Failed);
        Assert.Contains("ArtifactKeeper:Ldap:Url", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ArtifactKeeper:Ldap:BaseDn", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(LdapOptions.Url), "http://ldap.example.org")]
    [InlineData(nameof(LdapOptions.BaseDn), "people")]
    [InlineData(nameof(LdapOptions.SearchDn), "admin")]
    [InlineData(nameof(LdapOptions.SearchPassword), "")]
    [InlineData(nameof(LdapOptions.Filter), "(objectClass=person")]
    [InlineData(nameof(LdapOptions.GroupFilter), "(a=b)(c=d)")]
    [InlineData(nameof(LdapOptions.UidAttribute), "uid)(cn=*")]
    [InlineData(nameof(LdapOptions.GroupNameAttribute), "")]
    [InlineData(nameof(LdapOptions.GroupMembershipAttribute), "member of")]
    [InlineData(nameof(LdapOptions.GroupBaseDn), "groups")]
    [InlineData(nameof(LdapOptions.GroupAdminDn), "admins")]
    public void One_bad_setting_fails_naming_its_key(string key, string value)
    {
        var options = Valid();
        typeof(LdapOptions).GetProperty(key)!.SetValue(options, value);

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains($"ArtifactKeeper:Ldap:{key} ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301)]
    public void Timeout_outside_one_to_300_seconds_fails(int seconds)
    {
        var options = Valid();
        options.TimeoutSeconds = seconds;

        Assert.Contains("TimeoutSeconds", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_scope_fails()
    {
        var options = Valid();
        options.GroupSearchScope = (LdapScope)7;

        Assert.Contains("GroupSearchScope", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_messages_never_contain_the_search_password()
    {
        var options = Valid();
        options.Url = string.Empty;
        options.SearchDn = "not a dn";

        Assert.DoesNotContain("search-secret", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymous_search_without_dn_or_password_is_allowed()
    {
        var options = Valid();
        options.SearchDn = string.Empty;
        options.SearchPassword = string.Empty;

        Assert.True(Validate(options).Succeeded);
    }
}
