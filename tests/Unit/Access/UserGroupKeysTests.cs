using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class UserGroupKeysTests
{
    [Theory]
    [InlineData("cn=ops,ou=groups,dc=example,dc=org")]
    [InlineData("CN=Ops, OU=Groups, DC=example, DC=org")]
    [InlineData("  cn = ops ,ou=groups,dc=example,dc=org ")]
    public void Every_spelling_of_one_dn_has_one_key(string dn)
    {
        Assert.Equal("cn=ops,ou=groups,dc=example,dc=org", UserGroupKeys.NormalizeDn(dn));
    }

    [Fact]
    public void Text_that_is_not_a_dn_is_only_trimmed_and_lowercased()
    {
        Assert.Equal("not a dn", UserGroupKeys.NormalizeDn(" Not A DN "));
    }

    [Fact]
    public void Http_and_oidc_group_names_stay_verbatim()
    {
        Assert.Equal("Ops Team", UserGroupKeys.Normalize(new UserGroupRef(UserGroupType.Oidc, "Ops Team")));
        Assert.Equal("cn=ops,dc=org", UserGroupKeys.Normalize(new UserGroupRef(UserGroupType.Ldap, "CN=Ops, DC=org")));
    }
}
