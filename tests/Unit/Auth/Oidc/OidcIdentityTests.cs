using System.Text.Json;
using ArtifactKeeper.Auth.Oidc;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class OidcIdentityTests
{
    private static OidcIdentity Map(string json, string userClaim = "", string groupsClaim = "groups", string adminGroup = "") =>
        OidcIdentity.FromClaims(
            JsonDocument.Parse(json).RootElement.Clone(),
            new OidcOptions { UserClaim = userClaim, GroupsClaim = groupsClaim, AdminGroup = adminGroup });

    [Fact]
    public void Issuer_subject_and_default_name_claim_are_read()
    {
        var identity = Map("""{"iss":"https://idp","sub":"s-1","name":"Alice Smith","preferred_username":"alice"}""");

        Assert.Equal(("https://idp", "s-1", "Alice_Smith"), (identity.Issuer, identity.Subject, identity.Username));
    }

    [Fact]
    public void Configured_user_claim_wins_over_name()
    {
        Assert.Equal("alice", Map("""{"sub":"s","name":"Alice","preferred_username":"alice"}""", userClaim: "preferred_username").Username);
    }

    [Theory]
    [InlineData("""{"sub":"s","name":"Alice","preferred_username":42}""", "Alice")]
    [InlineData("""{"sub":"s","name":"Alice"}""", "Alice")]
    [InlineData("""{"sub":"s","preferred_username":"  "}""", null)]
    [InlineData("""{"sub":"s"}""", null)]
    public void Missing_or_non_string_user_claim_falls_back_to_name(string json, string? expected)
    {
        Assert.Equal(expected, Map(json, userClaim: "preferred_username").Username);
    }

    [Theory]
    [InlineData("""{"groups":["devs","ops",7,"devs"]}""", new[] { "devs", "ops" })]
    [InlineData("""{"groups":"devs"}""", new[] { "devs" })]
    [InlineData("""{"groups":{"a":1}}""", new string[0])]
    [InlineData("""{"roles":["devs"]}""", new string[0])]
    public void Groups_come_from_an_array_or_a_single_string(string json, string[] expected)
    {
        Assert.Equal(expected, Map(json).Groups);
    }

    [Fact]
    public void Without_a_groups_claim_setting_there_are_no_groups()
    {
        Assert.Empty(Map("""{"groups":["devs"]}""", groupsClaim: "").Groups);
    }

    [Theory]
    [InlineData("""{"groups":["devs","registry-admins"]}""", "registry-admins", true)]
    [InlineData("""{"groups":["devs","Registry-Admins"]}""", "registry-admins", false)]
    [InlineData("""{"groups":["devs"]}""", "registry-admins", false)]
    [InlineData("""{"groups":["devs"]}""", "", false)]
    public void Admin_group_membership_is_an_exact_match(string json, string adminGroup, bool admin)
    {
        Assert.Equal(admin, Map(json, adminGroup: adminGroup).IsAdminGroupMember);
    }
}
