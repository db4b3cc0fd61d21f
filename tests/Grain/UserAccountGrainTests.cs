using ArtifactKeeper.Access;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Creating users with a profile, changing profile, password and admin flag through the user grain.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class UserAccountGrainTests(RegistryClusterFixture fixture)
{
    private const string Password = "Grain-Password-1";

    private IUserGrain User(string name) => fixture.Client.GetGrain<IUserGrain>(name);

    private static string NewName() => "acct-" + Guid.NewGuid().ToString("N")[..8];

    private static UserProfile ProfileOf(string name) => new($"{name}@example.com", "Real " + name, "comment");

    private async Task<UserAccount> CreateAsync(string name, bool isAdmin = false)
    {
        var result = await User(name).TryCreateAsync(new NewUserRequest(ProfileOf(name), Password, isAdmin));
        Assert.True(result.Succeeded, result.Message);
        return result.User!;
    }

    [Fact]
    public async Task TryCreate_stores_profile_and_password_and_survives_reactivation()
    {
        var name = NewName();

        var created = await CreateAsync(name, isAdmin: true);
        await fixture.ReactivateAsync(User(name));

        Assert.Equal(created, await User(name).GetAccountAsync());
        Assert.Equal(new UserAccount(created.UserId, name, $"{name}@example.com", "Real " + name, "comment", true, created.CreationTime, created.CreationTime), created);
        Assert.Equal(new UserInfo(created.UserId, name, true), await User(name).VerifyPasswordAsync(Password));
        Assert.Equal(created, await fixture.Metadata.GetUserAccountAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task TryCreate_twice_is_a_conflict_and_keeps_the_first_password()
    {
        var name = NewName();
        var first = await CreateAsync(name);

        var again = await User(name).TryCreateAsync(new NewUserRequest(ProfileOf(name + "x"), "Other-Password-2"));

        Assert.Equal(RegistryError.Conflict, again.Error);
        Assert.Equal(first, await User(name).GetAccountAsync());
        Assert.NotNull(await User(name).VerifyPasswordAsync(Password));
        Assert.Null(await User(name).VerifyPasswordAsync("Other-Password-2"));
    }

    [Fact]
    public async Task TryCreate_with_another_users_email_is_a_conflict_and_creates_nothing()
    {
        var owner = NewName();
        await CreateAsync(owner);
        var name = NewName();

        var result = await User(name).TryCreateAsync(new NewUserRequest(ProfileOf(owner), Password));

        Assert.Equal(RegistryError.Conflict, result.Error);
        Assert.Contains("email", result.Message, StringComparison.Ordinal);
        Assert.Null(await User(name).GetAccountAsync());
        Assert.Null(await fixture.Metadata.GetUserAsync(name, CancellationToken.None));
    }

    [Theory]
    [InlineData("weak", "Real", "x@example.com")]
    [InlineData(Password, "", "x@example.com")]
    [InlineData(Password, "Real", "not-an-email")]
    public async Task TryCreate_with_invalid_input_is_bad_request_and_creates_nothing(string password, string realname, string email)
    {
        var name = NewName();

        var result = await User(name).TryCreateAsync(new NewUserRequest(new UserProfile(email, realname, string.Empty), password));

        Assert.Equal(RegistryError.BadRequest, result.Error);
        Assert.Null(await fixture.Metadata.GetUserAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task TryCreate_over_a_seeded_namesake_is_a_conflict()
    {
        var name = NewName();
        await fixture.Metadata.EnsureUserAsync(name, PasswordHasher.Hash(Password), false, fixture.Clock.GetUtcNow(), CancellationToken.None);

        var result = await User(name).TryCreateAsync(new NewUserRequest(ProfileOf(name), "Other-Password-2"));

        Assert.Equal(RegistryError.Conflict, result.Error);
        Assert.NotNull(await User(name).VerifyPasswordAsync(Password));
    }

    [Fact]
    public async Task TryUpdateProfile_replaces_fields_and_update_time()
    {
        var name = NewName();
        var created = await CreateAsync(name);
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await User(name).TryUpdateProfileAsync(new UserProfile($"new-{name}@example.org", "New Name", string.Empty));

        Assert.InRange(result.User!.UpdateTime, created.CreationTime.AddMinutes(3), fixture.Clock.GetUtcNow());
        var expected = created with { Email = $"new-{name}@example.org", Realname = "New Name", Comment = string.Empty, UpdateTime = result.User.UpdateTime };
        Assert.Equal(expected, result.User);
        await fixture.ReactivateAsync(User(name));
        Assert.Equal(expected, await User(name).GetAccountAsync());
    }

    [Fact]
    public async Task TryUpdateProfile_refusals_change_nothing()
    {
        var other = NewName();
        await CreateAsync(other);
        var name = NewName();
        var created = await CreateAsync(name);

        var taken = await User(name).TryUpdateProfileAsync(ProfileOf(other));
        var invalid = await User(name).TryUpdateProfileAsync(new UserProfile("bad", "x", string.Empty));
        var missing = await User(NewName()).TryUpdateProfileAsync(ProfileOf("ghost"));

        Assert.Equal(RegistryError.Conflict, taken.Error);
        Assert.Equal(RegistryError.BadRequest, invalid.Error);
        Assert.Equal(RegistryError.NameUnknown, missing.Error);
        Assert.Equal(created, await fixture.Metadata.GetUserAccountAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task TryChangePassword_with_right_old_password_switches_passwords_and_stamp()
    {
        var name = NewName();
        await CreateAsync(name);
        var stamp = await User(name).GetCredentialStampAsync();

        var result = await User(name).TryChangePasswordAsync(new PasswordChangeRequest(Password, "Changed-Password-2"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Null(await User(name).VerifyPasswordAsync(Password));
        Assert.NotNull(await User(name).VerifyPasswordAsync("Changed-Password-2"));
        Assert.NotEqual(stamp, await User(name).GetCredentialStampAsync());
    }

    [Fact]
    public async Task TryChangePassword_without_old_password_is_an_admin_reset()
    {
        var name = NewName();
        await CreateAsync(name);

        var result = await User(name).TryChangePasswordAsync(new PasswordChangeRequest(null, "Reset-Password-3"));

        Assert.True(result.Succeeded, result.Message);
        Assert.NotNull(await User(name).VerifyPasswordAsync("Reset-Password-3"));
    }

    [Theory]
    [InlineData("Wrong-Password-1", "Changed-Password-2", RegistryError.Denied)]
    [InlineData("", "Changed-Password-2", RegistryError.Denied)]
    [InlineData(Password, "weakpass", RegistryError.BadRequest)]
    [InlineData(Password, Password, RegistryError.BadRequest)]
    [InlineData(null, Password, RegistryError.BadRequest)]
    public async Task TryChangePassword_refusals_keep_the_old_password_and_stamp(string? oldPassword, string newPassword, RegistryError error)
    {
        var name = NewName();
        await CreateAsync(name);
        var stamp = await User(name).GetCredentialStampAsync();

        var result = await User(name).TryChangePasswordAsync(new PasswordChangeRequest(oldPassword, newPassword));

        Assert.Equal(error, result.Error);
        Assert.NotNull(await User(name).VerifyPasswordAsync(Password));
        Assert.Equal(stamp, await User(name).GetCredentialStampAsync());
    }

    [Fact]
    public async Task TrySetAdmin_changes_the_flag_seen_by_logins_and_the_store()
    {
        var name = NewName();
        await CreateAsync(name);

        var promoted = await User(name).TrySetAdminAsync(true);

        Assert.True(promoted.User!.IsAdmin);
        Assert.True((await User(name).VerifyPasswordAsync(Password))!.IsAdmin);
        Assert.True((await fixture.Metadata.GetUserAsync(name, CancellationToken.None))!.IsAdmin);
        Assert.False((await User(name).TrySetAdminAsync(false)).User!.IsAdmin);
        Assert.False((await User(name).GetAsync())!.IsAdmin);
        Assert.Equal(RegistryError.NameUnknown, (await User(NewName()).TrySetAdminAsync(true)).Error);
    }

    [Fact]
    public async Task Delete_then_create_again_gives_a_new_id_and_account()
    {
        var name = NewName();
        var first = await CreateAsync(name);

        Assert.True(await User(name).DeleteAsync());
        Assert.Null(await User(name).GetAccountAsync());
        var second = await CreateAsync(name);

        Assert.NotEqual(first.UserId, second.UserId);
    }
}
