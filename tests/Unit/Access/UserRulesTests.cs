using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class UserRulesTests
{
    private static readonly UserProfile Valid = new("dev@example.com", "Dev Eloper", "team a");

    [Theory]
    [InlineData("Harbor12345")]
    [InlineData("aB3aaaaa")]
    [InlineData("Pass word 1 with spaces")]
    public void CheckPassword_accepts_8_to_128_with_upper_lower_and_digit(string password) =>
        Assert.Null(UserRules.CheckPassword(password));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aB3aaaa")]
    [InlineData("harbor12345")]
    [InlineData("HARBOR12345")]
    [InlineData("HarborHarbor")]
    [InlineData("Ｈarbor12345")]
    public void CheckPassword_refuses_short_or_missing_a_character_class(string? password) =>
        Assert.Equal(UserRules.PasswordPolicyMessage, UserRules.CheckPassword(password));

    [Fact]
    public void CheckPassword_limit_is_128_bytes()
    {
        var at = "Aa1" + new string('x', 125);
        Assert.Null(UserRules.CheckPassword(at));
        Assert.NotNull(UserRules.CheckPassword(at + "x"));

        // Multi-byte characters count by their UTF-8 length, as Harbor's Go code counts.
        Assert.NotNull(UserRules.CheckPassword("Aa1" + new string('é', 63)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("dev.user_01")]
    [InlineData("Alice Smith")]
    [InlineData("üser")]
    public void CheckUsername_accepts_harbor_names(string username) => Assert.Null(UserRules.CheckUsername(username));

    [Theory]
    [InlineData("a,b")]
    [InlineData("a\"b")]
    [InlineData("a~b")]
    [InlineData("a#b")]
    [InlineData("a%b")]
    [InlineData("a$b")]
    public void CheckUsername_refuses_illegal_characters(string username) =>
        Assert.Equal("username contains illegal characters", UserRules.CheckUsername(username));

    [Fact]
    public void CheckUsername_refuses_empty_and_over_255_bytes()
    {
        Assert.Equal("username with illegal length", UserRules.CheckUsername(null));
        Assert.Equal("username with illegal length", UserRules.CheckUsername(string.Empty));
        Assert.Null(UserRules.CheckUsername(new string('u', 255)));
        Assert.Equal("username with illegal length", UserRules.CheckUsername(new string('u', 256)));
        Assert.Equal("username with illegal length", UserRules.CheckUsername(new string('ü', 128)));
    }

    [Fact]
    public void CheckProfile_accepts_a_valid_profile_with_or_without_comment()
    {
        Assert.Null(UserRules.CheckProfile(Valid));
        Assert.Null(UserRules.CheckProfile(Valid with { Comment = string.Empty }));
        Assert.Null(UserRules.CheckProfile(Valid with { Comment = new string('c', 30) }));
    }

    [Theory]
    [InlineData("first.last@example.com")]
    [InlineData("a+tag@sub.example.io")]
    [InlineData("\"quoted name\"@example.com")]
    [InlineData("x@[192.168.0.1]")]
    public void CheckEmail_accepts_harbor_shapes(string email) => Assert.Null(UserRules.CheckEmail(email));

    [Theory]
    [InlineData("plain")]
    [InlineData("a@b")]
    [InlineData("a@example.c")]
    [InlineData("a b@example.com")]
    [InlineData("a..b@example.com")]
    [InlineData("a@exa_mple.com")]
    [InlineData("<a>@example.com")]
    public void CheckEmail_refuses_malformed_addresses(string email) => Assert.Equal("email with illegal format", UserRules.CheckEmail(email));

    [Fact]
    public void CheckEmail_refuses_empty_and_over_255_bytes()
    {
        Assert.Equal("email can't be empty", UserRules.CheckEmail(null));
        Assert.Equal("email can't be empty", UserRules.CheckEmail(string.Empty));
        Assert.Equal("email with illegal format", UserRules.CheckEmail(new string('a', 244) + "@example.com"));
    }

    [Fact]
    public void CheckProfile_reports_in_harbors_order_email_realname_comment()
    {
        var bad = new UserProfile(string.Empty, string.Empty, new string('c', 31));

        Assert.Equal("email can't be empty", UserRules.CheckProfile(bad));
        Assert.Equal("realname with illegal length", UserRules.CheckProfile(bad with { Email = "x@example.com" }));
        Assert.Equal("comment with illegal length", UserRules.CheckProfile(bad with { Email = "x@example.com", Realname = "X" }));
    }

    [Theory]
    [InlineData("Dev, Eloper", "realname contains illegal characters")]
    [InlineData("100%", "realname contains illegal characters")]
    [InlineData("", "realname with illegal length")]
    public void CheckRealname_refuses_empty_and_illegal_characters(string realname, string message) =>
        Assert.Equal(message, UserRules.CheckRealname(realname));

    [Fact]
    public void CheckRealname_and_comment_limits_count_utf8_bytes()
    {
        Assert.Null(UserRules.CheckRealname(new string('r', 255)));
        Assert.NotNull(UserRules.CheckRealname(new string('r', 256)));
        Assert.Null(UserRules.CheckComment(new string('é', 15)));
        Assert.Equal("comment with illegal length", UserRules.CheckComment(new string('é', 16)));
    }
}
