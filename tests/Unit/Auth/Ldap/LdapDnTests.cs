using ArtifactKeeper.Access;
using ArtifactKeeper.Auth.Ldap;

namespace ArtifactKeeper.Tests.Unit.Auth.Ldap;

public sealed class LdapDnTests
{
    private static LdapDn Dn(string text)
    {
        Assert.True(LdapDn.TryParse(text, out var dn), text);
        return dn;
    }

    [Fact]
    public void Equal_ignores_case_and_spaces_around_separators()
    {
        Assert.Equal(Dn("cn=Admins,ou=Groups,dc=Example,dc=org"), Dn("CN=admins, ou = groups,dc=example , dc=org"));
        Assert.NotEqual(Dn("cn=admins,ou=groups,dc=example,dc=org"), Dn("cn=admins2,ou=groups,dc=example,dc=org"));
    }

    [Fact]
    public void Escaped_comma_stays_inside_its_value()
    {
        Assert.Equal("cn=doe\\, john,dc=org", Dn("cn=Doe\\, John,dc=org").ToString());
        Assert.NotEqual(Dn("cn=doe\\, john,dc=org"), Dn("cn=doe,cn=john,dc=org"));
    }

    [Fact]
    public void IsUnder_is_true_for_descendants_and_itself_only()
    {
        var groups = Dn("ou=groups,dc=example,dc=org");

        Assert.True(Dn("cn=dev,ou=Groups,dc=example,dc=org").IsUnder(groups));
        Assert.True(groups.IsUnder(groups));
        Assert.False(Dn("cn=dev,ou=people,dc=example,dc=org").IsUnder(groups));
        Assert.False(Dn("dc=org").IsUnder(groups));
        Assert.False(Dn("cn=x,ou=evilgroups,dc=example,dc=org").IsUnder(groups));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a dn")]
    [InlineData("cn=,dc=org")]
    [InlineData("=x,dc=org")]
    [InlineData("cn=a,,dc=org")]
    public void TryParse_rejects_malformed_dns(string text)
    {
        Assert.False(LdapDn.TryParse(text, out _));
    }
}
