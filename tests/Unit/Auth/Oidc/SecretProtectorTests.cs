using ArtifactKeeper.Auth.Oidc;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class SecretProtectorTests
{
    private static readonly SecretProtector Protector = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Protected_secret_round_trips_for_its_owner_and_hides_the_plain_text()
    {
        var sealedSecret = Protector.Protect("Secret-123", "https://idp", "s-1");

        Assert.DoesNotContain("Secret-123", sealedSecret, StringComparison.Ordinal);
        Assert.NotEqual(sealedSecret, Protector.Protect("Secret-123", "https://idp", "s-1"));
        Assert.Equal("Secret-123", Protector.Unprotect(sealedSecret, "https://idp", "s-1"));
    }

    [Fact]
    public void Secret_of_one_user_does_not_open_for_another()
    {
        var sealedSecret = Protector.Protect("Secret-123", "https://idp", "s-1");

        Assert.Null(Protector.Unprotect(sealedSecret, "https://idp", "s-2"));
        Assert.Null(Protector.Unprotect(sealedSecret, "https://other", "s-1"));
    }

    [Fact]
    public void Tampered_or_foreign_values_do_not_open()
    {
        var sealedSecret = Protector.Protect("Secret-123", "i", "s");
        var flipped = sealedSecret[..^2] + (sealedSecret[^2] == 'A' ? 'B' : 'A') + sealedSecret[^1];
        var otherKey = new SecretProtector(new byte[32]);

        Assert.Null(Protector.Unprotect(flipped, "i", "s"));
        Assert.Null(otherKey.Unprotect(sealedSecret, "i", "s"));
        Assert.Null(Protector.Unprotect("v1.", "i", "s"));
        Assert.Null(Protector.Unprotect("v1.!!!", "i", "s"));
        Assert.Null(Protector.Unprotect("Secret-123", "i", "s"));
    }
}
