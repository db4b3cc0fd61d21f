using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.HarborApi.Models;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class UserGroupRulesTests
{
    private static (bool Ok, string Name, UserGroupType Type, string Dn, string? Error) Validate(string? name, int? type, string? dn = null)
    {
        var ok = UserGroupRules.TryValidate(new UserGroupModel { GroupName = name, GroupType = type, LdapGroupDn = dn }, out var n, out var t, out var d, out var error);
        return (ok, n, t, d, error);
    }

    [Fact]
    public void Ldap_group_keeps_a_trimmed_lowercase_dn()
    {
        var result = Validate(" devs ", 1, "  CN=Devs,DC=Example ");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(("devs", UserGroupType.Ldap, "cn=devs,dc=example"), (result.Name, result.Type, result.Dn));
    }

    [Fact]
    public void Oidc_and_http_groups_carry_no_dn()
    {
        Assert.Equal(string.Empty, Validate("devs", 3, "cn=ignored").Dn);
        Assert.Equal(UserGroupType.Http, Validate("devs", 2).Type);
    }

    [Theory]
    [InlineData(null, 3, null)]
    [InlineData("", 3, null)]
    [InlineData("   ", 3, null)]
    [InlineData("devs", null, null)]
    [InlineData("devs", 0, null)]
    [InlineData("devs", 4, null)]
    [InlineData("devs", 1, null)]
    [InlineData("devs", 1, "   ")]
    public void Missing_or_invalid_fields_are_refused(string? name, int? type, string? dn)
    {
        var result = Validate(name, type, dn);

        Assert.False(result.Ok);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Lengths_follow_harbors_columns()
    {
        Assert.True(Validate(new string('n', 255), 3).Ok);
        Assert.False(Validate(new string('n', 256), 3).Ok);
        Assert.True(Validate("g", 1, new string('d', 512)).Ok);
        Assert.False(Validate("g", 1, new string('d', 513)).Ok);
    }
}
