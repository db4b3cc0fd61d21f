using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class UserGrainTests(RegistryClusterFixture fixture)
{
    private IUserGrain User(string name) => fixture.Client.GetGrain<IUserGrain>(name);

    private async Task<string> SeedAsync(string password, bool isAdmin = false)
    {
        var name = "user-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Metadata.EnsureUserAsync(name, PasswordHasher.Hash(password), isAdmin, fixture.Clock.GetUtcNow(), CancellationToken.None);
        return name;
    }

    [Fact]
    public async Task VerifyPassword_right_password_returns_user()
    {
        var name = await SeedAsync("s3cret-Pass", isAdmin: true);

        var user = await User(name).VerifyPasswordAsync("s3cret-Pass");

        Assert.NotNull(user);
        Assert.Equal(name, user.Username);
        Assert.True(user.IsAdmin);
        Assert.True(user.UserId > 0);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    [InlineData("s3cret-pass")]
    public async Task VerifyPassword_wrong_password_returns_null(string attempt)
    {
        var name = await SeedAsync("s3cret-Pass");

        Assert.Null(await User(name).VerifyPasswordAsync(attempt));
        Assert.NotNull(await User(name).GetAsync());
    }

    [Fact]
    public async Task VerifyPassword_unknown_user_returns_null()
    {
        var name = "ghost-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Null(await User(name).VerifyPasswordAsync("anything"));
        Assert.Null(await User(name).GetAsync());
    }
}
