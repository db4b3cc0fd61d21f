using ArtifactKeeper.Access;
using ArtifactKeeper.Auth.Ldap;

namespace ArtifactKeeper.Tests.Unit.Auth.Ldap;

public sealed class LdapFilterTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("*", "\\2a")]
    [InlineData("*)(uid=*", "\\2a\\29\\28uid=\\2a")]
    [InlineData("a\\b", "a\\5cb")]
    [InlineData("a\0b", "a\\00b")]
    [InlineData("jörg", "j\\c3\\b6rg")]
    public void Escape_turns_filter_metacharacters_into_hex_escapes(string value, string expected)
    {
        Assert.Equal(expected, LdapFilter.Escape(value));
    }

    [Fact]
    public void ForUser_injection_attempt_stays_a_single_literal_equality()
    {
        var filter = LdapFilter.ForUser("(objectClass=inetOrgPerson)", "uid", "*)(|(uid=*");

        Assert.Equal("(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28|\\28uid=\\2a))", filter);
        Assert.True(LdapFilter.IsWellFormed(filter));
    }

    [Theory]
    [InlineData("", "(uid=alice)")]
    [InlineData("  ", "(uid=alice)")]
    [InlineData("objectClass=person", "(&(objectClass=person)(uid=alice))")]
    [InlineData("(objectClass=person)", "(&(objectClass=person)(uid=alice))")]
    public void ForUser_combines_the_configured_filter_with_the_uid(string configured, string expected)
    {
        Assert.Equal(expected, LdapFilter.ForUser(configured, "uid", "alice"));
    }

    [Fact]
    public void ForUserSearch_with_empty_name_lists_every_user()
    {
        Assert.Equal("(uid=*)", LdapFilter.ForUserSearch(null, "uid", string.Empty));
    }

    [Fact]
    public void ForGroup_and_ForGroupsOf_escape_names_and_dns()
    {
        Assert.Equal("(&(objectClass=groupOfNames)(cn=dev\\2a))", LdapFilter.ForGroup("(objectClass=groupOfNames)", "cn", "dev*"));
        Assert.Equal("(|(member=uid=a\\28b\\29,dc=x)(uniqueMember=uid=a\\28b\\29,dc=x)(memberUid=a\\28b\\29))", LdapFilter.ForGroupsOf(string.Empty, "uid=a(b),dc=x", "a(b)"));
    }

    [Theory]
    [InlineData("uid) (cn")]
    [InlineData("")]
    [InlineData("1uid")]
    public void Builders_refuse_attribute_names_that_would_change_the_filter(string attribute)
    {
        Assert.Throws<ArgumentException>(() => LdapFilter.ForUser(null, attribute, "alice"));
    }

    [Theory]
    [InlineData("uid", true)]
    [InlineData("sAMAccountName", true)]
    [InlineData("x-custom-id", true)]
    [InlineData("2.5.4.3", true)]
    [InlineData("2.5..3", false)]
    [InlineData("uid=*", false)]
    [InlineData("cn)(", false)]
    [InlineData("", false)]
    public void IsAttributeName_accepts_keystrings_and_oids_only(string name, bool expected)
    {
        Assert.Equal(expected, LdapDn.IsAttributeName(name));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("objectClass=person", true)]
    [InlineData("(&(objectClass=person)(!(cn=x\\2a)))", true)]
    [InlineData("(objectClass=person", false)]
    [InlineData("(a=b))(c=d", false)]
    [InlineData("(a=b)(c=d)", false)]
    [InlineData("(&())", false)]
    [InlineData("(cn=bad\\zz)", false)]
    public void IsWellFormed_checks_brackets_and_escapes(string filter, bool expected)
    {
        Assert.Equal(expected, LdapFilter.IsWellFormed(filter));
    }
}
