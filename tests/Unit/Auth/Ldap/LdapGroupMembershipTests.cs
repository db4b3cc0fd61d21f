using ArtifactKeeper.Access;
using ArtifactKeeper.Auth.Ldap;

namespace ArtifactKeeper.Tests.Unit.Auth.Ldap;

public sealed class LdapGroupMembershipTests
{
    private static LdapOptions Settings(string groupBase = "", string adminDn = "cn=admins,ou=groups,dc=example,dc=org") =>
        new() { GroupBaseDn = groupBase, GroupAdminDn = adminDn };

    [Fact]
    public void Member_of_the_admin_group_is_admin_whatever_the_dn_spelling()
    {
        var (groups, isAdmin) = LdapGroupMembership.Resolve(["CN=Admins, OU=Groups,DC=example,DC=org"], Settings());

        Assert.True(isAdmin);
        Assert.Equal([new UserGroupRef(UserGroupType.Ldap, "cn=admins,ou=groups,dc=example,dc=org")], groups);
    }

    [Fact]
    public void No_admin_group_configured_means_nobody_is_admin()
    {
        var (_, isAdmin) = LdapGroupMembership.Resolve(["cn=admins,ou=groups,dc=example,dc=org"], Settings(adminDn: string.Empty));

        Assert.False(isAdmin);
    }

    [Fact]
    public void Group_base_keeps_only_groups_under_it_and_drops_malformed_and_duplicate_dns()
    {
        var (groups, isAdmin) = LdapGroupMembership.Resolve(
            ["cn=dev,ou=groups,dc=example,dc=org", "cn=dev, ou=groups, dc=example, dc=org", "cn=x,ou=elsewhere,dc=example,dc=org", "garbage"],
            Settings(groupBase: "ou=groups,dc=example,dc=org"));

        Assert.False(isAdmin);
        Assert.Equal([new UserGroupRef(UserGroupType.Ldap, "cn=dev,ou=groups,dc=example,dc=org")], groups);
    }
}
