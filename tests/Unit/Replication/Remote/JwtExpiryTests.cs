using System.Text;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Tests.Unit.Replication.Remote;

public sealed class JwtExpiryTests
{
    [Fact]
    public void The_exp_claim_of_a_jwt_is_when_it_expires()
    {
        var token = Jwt("""{"sub":"acme","exp":1767225600,"jti":"x"}""");

        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), JwtExpiry.Read(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("opaque-session-token")]
    [InlineData("a.b")]
    [InlineData("a.!!!.c")]
    public void Something_that_is_not_a_jwt_has_no_expiry(string? token) => Assert.Null(JwtExpiry.Read(token));

    [Theory]
    [InlineData("""{"sub":"acme"}""")]
    [InlineData("""{"exp":"soon"}""")]
    [InlineData("""{"exp":-5}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public void A_jwt_without_a_usable_exp_has_no_expiry(string payload) => Assert.Null(JwtExpiry.Read(Jwt(payload)));

    private static string Jwt(string payload) =>
        B64("""{"alg":"RS256","typ":"JWT"}""") + "." + B64(payload) + "." + B64("signature");

    private static string B64(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
