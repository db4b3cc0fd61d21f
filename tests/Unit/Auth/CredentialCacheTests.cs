using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class CredentialCacheTests
{
    private static readonly BasicCredentials AliceOld = new("alice", "Old-Password-1");
    private static readonly BasicCredentials AliceNew = new("alice", "New-Password-2");
    private static readonly BasicCredentials Bob = new("bob", "Bob-Password-1");

    [Fact]
    public void Forget_drops_every_login_of_that_user_and_keeps_others()
    {
        var cache = new CredentialCache(TimeProvider.System);
        cache.Add(AliceOld, VerifiedLogin.Local(new UserInfo(2, "alice", true)));
        cache.Add(AliceNew, VerifiedLogin.Local(new UserInfo(2, "alice", true)));
        cache.Add(Bob, VerifiedLogin.Local(new UserInfo(3, "bob", false)));

        cache.Forget("alice");

        Assert.Null(cache.TryGet(AliceOld));
        Assert.Null(cache.TryGet(AliceNew));
        Assert.Equal(new UserInfo(3, "bob", false), cache.TryGet(Bob)?.User);
    }

    [Fact]
    public void Forget_is_case_sensitive_like_usernames()
    {
        var cache = new CredentialCache(TimeProvider.System);
        cache.Add(AliceOld, VerifiedLogin.Local(new UserInfo(2, "alice", false)));

        cache.Forget("Alice");
        cache.Forget("nobody");

        Assert.NotNull(cache.TryGet(AliceOld));
    }
}
