using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Users onboarded from an OpenID Connect provider, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private const string Issuer = "https://idp.example.com/realms/main";

    private static OidcOnboarding Onboarding(string username, string subject, params string[] groups) =>
        new(username, Issuer, subject, "enc:" + subject, groups);

    [Fact]
    public async Task OnboardOidcUser_creates_a_user_without_a_password_and_finds_it_by_subject_name_and_id()
    {
        var store = await StoreAsync();

        var result = await store.OnboardOidcUserAsync(Onboarding("alice", "sub-1", "devs", "ops"), T0, Ct);

        Assert.Equal(OidcOnboardStatus.Onboarded, result.Status);
        var user = result.User!;
        Assert.Equal(("alice", false, Issuer, "sub-1", "enc:sub-1", T0, T0), (user.Username, user.IsAdmin, user.Issuer, user.Subject, user.EncryptedSecret, user.CreationTime, user.UpdateTime));
        Assert.Equal(["devs", "ops"], user.Groups);
        Assert.Equal(user, await store.FindOidcUserAsync(Issuer, "sub-1", Ct));
        Assert.Equal(user, await store.FindOidcUserByNameAsync("alice", Ct));
        Assert.Equal(user, await store.FindOidcUserByIdAsync(user.UserId, Ct));
        var local = await store.GetUserAsync("alice", Ct);
        Assert.Equal((user.UserId, OidcUserRecord.NoPassword), (local!.UserId, local.PasswordHash));
    }

    [Fact]
    public async Task OnboardOidcUser_same_subject_twice_keeps_the_first_user()
    {
        var store = await StoreAsync();
        var first = await store.OnboardOidcUserAsync(Onboarding("alice", "sub-1"), T0, Ct);

        var second = await store.OnboardOidcUserAsync(Onboarding("alice2", "sub-1"), T0.AddMinutes(1), Ct);

        Assert.Equal(OidcOnboardStatus.AlreadyOnboarded, second.Status);
        Assert.Equal(first.User, second.User);
        Assert.Null(await store.GetUserAsync("alice2", Ct));
    }

    [Fact]
    public async Task OnboardOidcUser_with_the_name_of_a_local_user_is_refused_and_changes_nothing()
    {
        var store = await StoreAsync();
        var local = await store.EnsureUserAsync("bob", "hash", false, T0, Ct);

        var result = await store.OnboardOidcUserAsync(Onboarding("bob", "sub-2"), T0.AddMinutes(1), Ct);

        Assert.Equal(new OidcOnboardResult(OidcOnboardStatus.UsernameTaken, null), result);
        Assert.Equal(local, await store.GetUserAsync("bob", Ct));
        Assert.Null(await store.FindOidcUserAsync(Issuer, "sub-2", Ct));
        Assert.Null(await store.FindOidcUserByNameAsync("bob", Ct));
        Assert.Null(await store.FindOidcUserByIdAsync(local.UserId, Ct));
    }

    [Fact]
    public async Task Same_subject_from_another_issuer_is_another_user()
    {
        var store = await StoreAsync();
        await store.OnboardOidcUserAsync(Onboarding("alice", "sub-1"), T0, Ct);

        var other = await store.OnboardOidcUserAsync(new OidcOnboarding("alice-b", "https://other.example.com", "sub-1", "enc", []), T0, Ct);

        Assert.Equal(OidcOnboardStatus.Onboarded, other.Status);
        Assert.Null(await store.FindOidcUserAsync("https://other.example.com", "sub-2", Ct));
        Assert.Equal("alice-b", (await store.FindOidcUserAsync("https://other.example.com", "sub-1", Ct))!.Username);
    }

    [Fact]
    public async Task SetOidcCliSecret_and_groups_replace_the_values_and_the_update_time()
    {
        var store = await StoreAsync();
        var user = (await store.OnboardOidcUserAsync(Onboarding("alice", "sub-1", "devs"), T0, Ct)).User!;

        Assert.True(await store.SetOidcCliSecretAsync(user.UserId, "enc:new", T0.AddHours(1), Ct));
        Assert.True(await store.SetOidcGroupsAsync(user.UserId, ["ops"], T0.AddHours(2), Ct));
        var stored = await store.FindOidcUserByIdAsync(user.UserId, Ct);

        Assert.Equal(("enc:new", T0, T0.AddHours(2)), (stored!.EncryptedSecret, stored.CreationTime, stored.UpdateTime));
        Assert.Equal(["ops"], stored.Groups);
    }

    [Fact]
    public async Task SetOidcCliSecret_of_a_local_user_is_false_and_creates_nothing()
    {
        var store = await StoreAsync();
        var local = await store.EnsureUserAsync("bob", "hash", false, T0, Ct);

        Assert.False(await store.SetOidcCliSecretAsync(local.UserId, "enc", T0, Ct));
        Assert.False(await store.SetOidcGroupsAsync(local.UserId, ["x"], T0, Ct));
        Assert.Null(await store.FindOidcUserByIdAsync(local.UserId, Ct));
    }

    [Fact]
    public async Task Deleting_an_oidc_user_removes_its_oidc_row_so_the_subject_can_onboard_again()
    {
        var store = await StoreAsync();
        await store.OnboardOidcUserAsync(Onboarding("alice", "sub-1"), T0, Ct);

        Assert.True(await store.DeleteUserAsync("alice", Ct));

        Assert.Null(await store.FindOidcUserAsync(Issuer, "sub-1", Ct));
        Assert.Equal(OidcOnboardStatus.Onboarded, (await store.OnboardOidcUserAsync(Onboarding("alice", "sub-1"), T0, Ct)).Status);
    }
}
