using ArtifactKeeper.Access;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

/// <summary>Onboarding, groups and CLI secrets of OIDC users, over a real SQLite store.</summary>
public sealed class OidcUsersTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.com";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ak-oidc-" + Guid.NewGuid().ToString("N"));
    private readonly OidcOptions _options = new() { AutoOnboard = true, GroupsClaim = "groups", AdminGroup = "admins" };
    private SqliteMetadataStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteMetadataStore(Path.Combine(_directory, "metadata.db"));
        await _store.InitializeAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private OidcUsers Users() => new(_store, _store, Options.Create(_options), TimeProvider.System, NullLogger<OidcUsers>.Instance);

    private static OidcIdentity Identity(string subject, string? username, params string[] groups) =>
        new(Issuer, subject, username, groups, groups.Contains("admins"));

    [Fact]
    public async Task First_sign_in_onboards_once_with_groups_and_a_cli_secret()
    {
        var users = Users();

        var first = await users.SignInAsync(Identity("s-1", "alice", "devs"), Ct);
        var second = await users.SignInAsync(Identity("s-1", "alice-renamed", "devs"), Ct);

        Assert.Equal(OidcSignInStatus.SignedIn, first.Status);
        Assert.Equal(first.User, second.User);
        Assert.Equal(new UserInfo(first.User!.UserId, "alice", false), first.User);
        Assert.Equal([new UserGroupRef(UserGroupType.Oidc, "devs")], first.Groups);
        Assert.Null(await _store.GetUserAsync("alice-renamed", Ct));
        Assert.True(HarborSecretRule.IsValid(await users.GetCliSecretAsync(first.User.UserId, Ct)));
    }

    [Fact]
    public async Task Admin_group_member_is_a_system_administrator_only_while_in_the_group()
    {
        var users = Users();

        var asAdmin = await users.SignInAsync(Identity("s-1", "alice", "admins"), Ct);
        var withoutGroup = await users.SignInAsync(Identity("s-1", "alice"), Ct);

        Assert.True(asAdmin.User!.IsAdmin);
        Assert.False(withoutGroup.User!.IsAdmin);
    }

    [Fact]
    public async Task Sign_in_without_auto_onboard_refuses_new_users_and_creates_nothing()
    {
        _options.AutoOnboard = false;

        var result = await Users().SignInAsync(Identity("s-1", "alice"), Ct);

        Assert.Equal(OidcSignIn.Refused(OidcSignInStatus.NotOnboarded).Status, result.Status);
        Assert.Null(result.User);
        Assert.Null(await _store.GetUserAsync("alice", Ct));
    }

    [Fact]
    public async Task Sign_in_whose_username_belongs_to_a_local_user_is_refused_and_leaves_that_user_alone()
    {
        var local = await _store.EnsureUserAsync("bob", PasswordHasher.Hash("Local-Password-1"), false, DateTimeOffset.UtcNow, Ct);

        var result = await Users().SignInAsync(Identity("s-2", "bob"), Ct);

        Assert.Equal(OidcSignInStatus.UsernameTaken, result.Status);
        Assert.Null(result.User);
        Assert.Equal(local, await _store.GetUserAsync("bob", Ct));
        Assert.Null(await _store.FindOidcUserAsync(Issuer, "s-2", Ct));
    }

    [Fact]
    public async Task Sign_in_without_a_username_is_refused()
    {
        Assert.Equal(OidcSignInStatus.NoUsername, (await Users().SignInAsync(Identity("s-3", null), Ct)).Status);
        Assert.Null(await _store.FindOidcUserAsync(Issuer, "s-3", Ct));
    }

    [Fact]
    public async Task Cli_secret_signs_in_with_the_groups_of_the_last_token_sign_in()
    {
        var users = Users();
        var user = (await users.SignInAsync(Identity("s-1", "alice", "devs"), Ct)).User!;
        await users.SignInAsync(Identity("s-1", "alice", "ops", "admins"), Ct);
        Assert.True(await users.SetCliSecretAsync(user.UserId, "Cli-Secret-1", Ct));

        var signIn = await users.VerifyCliSecretAsync("alice", "Cli-Secret-1", Ct);

        Assert.Equal(new UserInfo(user.UserId, "alice", true), signIn!.User);
        Assert.Equal([new UserGroupRef(UserGroupType.Oidc, "ops"), new UserGroupRef(UserGroupType.Oidc, "admins")], signIn.Groups);
    }

    [Fact]
    public async Task Wrong_or_replaced_cli_secret_and_local_users_do_not_sign_in()
    {
        var users = Users();
        var user = (await users.SignInAsync(Identity("s-1", "alice"), Ct)).User!;
        await users.SetCliSecretAsync(user.UserId, "Cli-Secret-1", Ct);
        await users.SetCliSecretAsync(user.UserId, "Cli-Secret-2", Ct);
        await _store.EnsureUserAsync("bob", PasswordHasher.Hash("Local-Password-1"), false, DateTimeOffset.UtcNow, Ct);

        Assert.Null(await users.VerifyCliSecretAsync("alice", "Cli-Secret-1", Ct));
        Assert.Null(await users.VerifyCliSecretAsync("alice", "cli-secret-2", Ct));
        Assert.Null(await users.VerifyCliSecretAsync("bob", "Local-Password-1", Ct));
        Assert.Null(await users.VerifyCliSecretAsync("nobody", "Cli-Secret-2", Ct));
        Assert.NotNull(await users.VerifyCliSecretAsync("alice", "Cli-Secret-2", Ct));
    }

    [Fact]
    public async Task Cli_secret_is_stored_encrypted_and_survives_a_new_gateway()
    {
        var user = (await Users().SignInAsync(Identity("s-1", "alice"), Ct)).User!;
        await Users().SetCliSecretAsync(user.UserId, "Cli-Secret-1", Ct);

        var stored = await _store.FindOidcUserByIdAsync(user.UserId, Ct);

        Assert.DoesNotContain("Cli-Secret-1", stored!.EncryptedSecret, StringComparison.Ordinal);
        Assert.NotNull(await Users().VerifyCliSecretAsync("alice", "Cli-Secret-1", Ct));
    }

    [Fact]
    public async Task Setting_the_cli_secret_of_a_local_user_is_false()
    {
        var local = await _store.EnsureUserAsync("bob", "hash", false, DateTimeOffset.UtcNow, Ct);

        Assert.False(await Users().SetCliSecretAsync(local.UserId, "Cli-Secret-1", Ct));
        Assert.Null(await Users().GetCliSecretAsync(local.UserId, Ct));
    }
}
