using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class CredentialStampTests
{
    [Fact]
    public void Same_user_and_hash_give_the_same_stamp()
    {
        Assert.Equal(CredentialStamp.Of(7, "pbkdf2-sha256$1$salt$hash"), CredentialStamp.Of(7, "pbkdf2-sha256$1$salt$hash"));
    }

    [Fact]
    public void New_password_hash_changes_the_stamp_even_for_the_same_password()
    {
        var first = PasswordHasher.Hash("same-password");
        var second = PasswordHasher.Hash("same-password");

        Assert.NotEqual(CredentialStamp.Of(7, first), CredentialStamp.Of(7, second));
    }

    [Fact]
    public void Recreated_user_with_new_id_gets_a_new_stamp()
    {
        Assert.NotEqual(CredentialStamp.Of(7, "h"), CredentialStamp.Of(8, "h"));
    }

    [Fact]
    public void Stamp_is_short_url_safe_and_does_not_contain_the_hash()
    {
        var hash = PasswordHasher.Hash("secret");

        var stamp = CredentialStamp.Of(1, hash);

        Assert.Equal(22, stamp.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", stamp);
        Assert.DoesNotContain(stamp, hash, StringComparison.Ordinal);
    }
}
