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

    [Fact]
    public async Task ChangePassword_new_password_works_old_does_not_and_stamp_changes()
    {
        var name = await SeedAsync("old-Pass-1");
        var before = await User(name).GetCredentialStampAsync();

        Assert.True(await User(name).ChangePasswordAsync("new-Pass-2"));

        Assert.Null(await User(name).VerifyPasswordAsync("old-Pass-1"));
        Assert.NotNull(await User(name).VerifyPasswordAsync("new-Pass-2"));
        var after = await User(name).GetCredentialStampAsync();
        Assert.NotNull(before);
        Assert.NotEqual(before, after);
        Assert.True(PasswordHasher.Verify("new-Pass-2", (await fixture.Metadata.GetUserAsync(name, CancellationToken.None))!.PasswordHash));
    }

    [Fact]
    public async Task Delete_removes_user_and_stamp_and_store_row()
    {
        var name = await SeedAsync("s3cret-Pass");

        Assert.True(await User(name).DeleteAsync());

        Assert.Null(await User(name).GetCredentialStampAsync());
        Assert.Null(await User(name).VerifyPasswordAsync("s3cret-Pass"));
        Assert.Null(await fixture.Metadata.GetUserAsync(name, CancellationToken.None));
        Assert.False(await User(name).DeleteAsync());
        Assert.False(await User(name).ChangePasswordAsync("whatever-1"));
    }

    [Fact]
    public async Task OnboardExternal_creates_the_user_once_with_no_usable_password()
    {
        var name = "ldap-" + Guid.NewGuid().ToString("N")[..8];

        var first = await User(name).OnboardExternalAsync();
        var again = await User(name).OnboardExternalAsync();

        Assert.Equal(name, first.Username);
        Assert.False(first.IsAdmin);
        Assert.Equal(first, again);
        var row = await fixture.Metadata.GetUserAsync(name, CancellationToken.None);
        Assert.Equal(first.UserId, row!.UserId);
        Assert.Null(await User(name).VerifyPasswordAsync(string.Empty));
        Assert.Null(await User(name).VerifyPasswordAsync(UserGrain.ExternalPasswordHash));
    }

    [Fact]
    public async Task OnboardExternal_keeps_an_existing_local_user_and_its_password()
    {
        var name = await SeedAsync("s3cret-Pass", isAdmin: true);

        var user = await User(name).OnboardExternalAsync();

        Assert.True(user.IsAdmin);
        Assert.NotNull(await User(name).VerifyPasswordAsync("s3cret-Pass"));
    }

    [Fact]
    public async Task A_user_created_outside_the_grain_after_a_miss_is_found_once_the_miss_is_stale()
    {
        var name = "late-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Null(await User(name).GetAsync());

        // Another writer (OIDC onboarding, the seeder) creates the row while this activation remembers the miss.
        await fixture.Metadata.EnsureUserAsync(name, PasswordHasher.Hash("s3cret-Pass"), false, fixture.Clock.GetUtcNow(), CancellationToken.None);
        var withinInterval = await User(name).GetAsync();
        fixture.Clock.Advance(UserGrain.MissRecheckInterval);

        Assert.Null(withinInterval);
        Assert.Equal(name, (await User(name).GetAsync())!.Username);
        Assert.NotNull(await User(name).GetAccountAsync());
        Assert.NotNull(await User(name).VerifyPasswordAsync("s3cret-Pass"));
    }
}
