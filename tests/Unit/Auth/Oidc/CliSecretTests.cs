using ArtifactKeeper.Auth.Oidc;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class CliSecretTests
{
    [Theory]
    [InlineData("Abcdefg1", true)]
    [InlineData("Abcdef1", false)]
    [InlineData("abcdefg1", false)]
    [InlineData("ABCDEFG1", false)]
    [InlineData("Abcdefgh", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Harbor_rule_needs_8_to_128_characters_with_upper_lower_and_digit(string? secret, bool valid)
    {
        Assert.Equal(valid, CliSecret.IsValid(secret));
    }

    [Fact]
    public void Length_limit_is_inclusive()
    {
        Assert.True(CliSecret.IsValid("Ab1" + new string('x', 125)));
        Assert.False(CliSecret.IsValid("Ab1" + new string('x', 126)));
    }

    [Fact]
    public void Generated_secrets_follow_the_rule_and_differ()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => CliSecret.Generate()).ToList();

        Assert.All(secrets, s => Assert.True(CliSecret.IsValid(s), s));
        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
    }
}
