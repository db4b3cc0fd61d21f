using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_has_documented_format()
    {
        var parts = PasswordHasher.Hash("Harbor12345").Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("100000", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void Verify_correct_password_returns_true()
    {
        var stored = PasswordHasher.Hash("Harbor12345");

        Assert.True(PasswordHasher.Verify("Harbor12345", stored));
    }

    [Theory]
    [InlineData("harbor12345")]
    [InlineData("Harbor1234")]
    [InlineData("Harbor12345 ")]
    [InlineData("")]
    public void Verify_wrong_password_returns_false(string attempt)
    {
        var stored = PasswordHasher.Hash("Harbor12345");

        Assert.False(PasswordHasher.Verify(attempt, stored));
    }

    [Fact]
    public void Hash_same_password_twice_uses_different_salts()
    {
        var first = PasswordHasher.Hash("same");
        var second = PasswordHasher.Hash("same");

        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("same", first));
        Assert.True(PasswordHasher.Verify("same", second));
    }

    [Fact]
    public void Verify_handles_unicode_and_empty_passwords()
    {
        Assert.True(PasswordHasher.Verify("pässwörd✓🔑", PasswordHasher.Hash("pässwörd✓🔑")));
        Assert.True(PasswordHasher.Verify("", PasswordHasher.Hash("")));
        Assert.False(PasswordHasher.Verify("x", PasswordHasher.Hash("")));
    }

    [Fact]
    public void Verify_honours_iteration_count_stored_in_the_hash()
    {
        // A hash produced with another cost must still verify, so the default can change later.
        var salt = new byte[16];
        var hash = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
            "legacy", salt, 1_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        var stored = $"pbkdf2-sha256$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";

        Assert.True(PasswordHasher.Verify("legacy", stored));
        Assert.False(PasswordHasher.Verify("legacy", stored.Replace("$1000$", "$1001$", StringComparison.Ordinal)));
    }

    [Fact]
    public void Verify_tampered_hash_returns_false()
    {
        var parts = PasswordHasher.Hash("secret").Split('$');
        var hash = Convert.FromBase64String(parts[3]);
        hash[^1] ^= 1;
        var tampered = $"{parts[0]}${parts[1]}${parts[2]}${Convert.ToBase64String(hash)}";

        Assert.False(PasswordHasher.Verify("secret", tampered));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra")]
    [InlineData("pbkdf2-sha512$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$999999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$2000000000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$not*base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$not*base64")]
    [InlineData("pbkdf2-sha256$100000$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    public void Verify_malformed_stored_hash_returns_false(string stored)
    {
        Assert.False(PasswordHasher.Verify("secret", stored));
    }

    [Fact]
    public void Verify_null_inputs_return_false()
    {
        Assert.False(PasswordHasher.Verify(null!, PasswordHasher.Hash("x")));
        Assert.False(PasswordHasher.Verify("x", null!));
    }

    [Fact]
    public void Verify_oversized_salt_returns_false()
    {
        var stored = $"pbkdf2-sha256$1000${new string('A', 400)}$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

        Assert.False(PasswordHasher.Verify("secret", stored));
    }
}
