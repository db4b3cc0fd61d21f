using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>User profiles, admin flags and the user listing, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static UserProfile Profile(string name, string? comment = null) => new($"{name}@example.com", $"{name} real", comment ?? string.Empty);

    /// <summary>dave, Alice, carol (admin), bob, created in that order a minute apart.</summary>
    private async Task<(IMetadataStore Store, Dictionary<string, UserAccount> Users)> SeedAccountsAsync()
    {
        var store = await StoreAsync();
        var users = new Dictionary<string, UserAccount>(StringComparer.Ordinal);
        string[] names = ["dave", "Alice", "carol", "bob"];
        for (var i = 0; i < names.Length; i++)
        {
            var outcome = await store.TryCreateUserAsync(names[i], Profile(names[i].ToLowerInvariant()), "hash", names[i] == "carol", T0.AddMinutes(i), Ct);
            users[names[i]] = outcome.Account!;
        }

        return (store, users);
    }

    private static ListQuery UserQuery(Dictionary<string, QueryValue>? filters = null, SortKey[]? sorts = null, int page = 1, int pageSize = 10) =>
        new(filters ?? [], sorts ?? [], page, pageSize);

    private static async Task<List<string>> UsernamesAsync(IMetadataStore store, ListQuery query) =>
        (await store.ListUsersAsync(query, Ct)).Items.Select(u => u.Username).ToList();

    [Fact]
    public async Task TryCreateUser_stores_every_field_and_the_password_hash()
    {
        var store = await StoreAsync();

        var outcome = await store.TryCreateUserAsync("erin", new UserProfile("erin@example.com", "Erin É", "ops ✓"), "pbkdf2$erin", isAdmin: true, T0, Ct);

        Assert.Equal(UserWriteStatus.Written, outcome.Status);
        var expected = new UserAccount(outcome.Account!.UserId, "erin", "erin@example.com", "Erin É", "ops ✓", true, T0, T0);
        Assert.Equal(expected, outcome.Account);
        Assert.Equal(expected, await store.GetUserAccountAsync("erin", Ct));
        Assert.Equal(new UserRecord(expected.UserId, "erin", "pbkdf2$erin", true, T0), await store.GetUserAsync("erin", Ct));
        Assert.Equal("erin", await store.FindUsernameAsync(expected.UserId, Ct));
    }

    [Fact]
    public async Task TryCreateUser_with_taken_username_or_email_changes_nothing()
    {
        var store = await StoreAsync();
        var first = (await store.TryCreateUserAsync("frank", Profile("frank"), "hash-1", false, T0, Ct)).Account!;

        var sameName = await store.TryCreateUserAsync("frank", Profile("other"), "hash-2", true, T0.AddHours(1), Ct);
        var sameEmail = await store.TryCreateUserAsync("franky", Profile("frank"), "hash-3", true, T0.AddHours(1), Ct);

        Assert.Equal(UserWriteOutcome.Of(UserWriteStatus.UsernameTaken), sameName);
        Assert.Equal(UserWriteOutcome.Of(UserWriteStatus.EmailTaken), sameEmail);
        Assert.Equal(first, await store.GetUserAccountAsync("frank", Ct));
        Assert.Equal("hash-1", (await store.GetUserAsync("frank", Ct))!.PasswordHash);
        Assert.Null(await store.GetUserAccountAsync("franky", Ct));
        Assert.Null(await store.GetUserAccountAsync("other", Ct));
    }

    [Fact]
    public async Task Accounts_without_a_profile_read_with_null_email_and_empty_names()
    {
        var store = await StoreAsync();
        var legacy = await store.EnsureUserAsync("admin", "hash", isAdmin: true, T0, Ct);
        var another = await store.EnsureUserAsync("robot-like", "hash", isAdmin: false, T0, Ct);

        Assert.Equal(new UserAccount(legacy.UserId, "admin", null, string.Empty, string.Empty, true, T0, T0), await store.GetUserAccountAsync("admin", Ct));
        Assert.Null((await store.GetUserAccountAsync("robot-like", Ct))!.Email);
        Assert.NotEqual(legacy.UserId, another.UserId);
    }

    [Fact]
    public async Task UpdateUserProfile_replaces_the_profile_and_update_time_only()
    {
        var store = await StoreAsync();
        var created = (await store.TryCreateUserAsync("gina", Profile("gina", "old"), "hash", false, T0, Ct)).Account!;

        var outcome = await store.UpdateUserProfileAsync("gina", new UserProfile("g@example.org", "Gina G", string.Empty), T0.AddHours(2), Ct);

        var expected = created with { Email = "g@example.org", Realname = "Gina G", Comment = string.Empty, UpdateTime = T0.AddHours(2) };
        Assert.Equal(new UserWriteOutcome(UserWriteStatus.Written, expected), outcome);
        Assert.Equal(expected, await store.GetUserAccountAsync("gina", Ct));
        Assert.Equal("hash", (await store.GetUserAsync("gina", Ct))!.PasswordHash);
    }

    [Fact]
    public async Task UpdateUserProfile_keeping_own_email_succeeds_and_anothers_email_is_refused()
    {
        var store = await StoreAsync();
        var hank = (await store.TryCreateUserAsync("hank", Profile("hank"), "hash", false, T0, Ct)).Account!;
        await store.TryCreateUserAsync("ivy", Profile("ivy"), "hash", false, T0, Ct);

        var same = await store.UpdateUserProfileAsync("hank", Profile("hank", "new comment"), T0.AddHours(1), Ct);
        var taken = await store.UpdateUserProfileAsync("hank", Profile("ivy"), T0.AddHours(2), Ct);
        var missing = await store.UpdateUserProfileAsync("ghost", Profile("ghost"), T0, Ct);

        Assert.Equal(UserWriteStatus.Written, same.Status);
        Assert.Equal(UserWriteOutcome.Of(UserWriteStatus.EmailTaken), taken);
        Assert.Equal(UserWriteOutcome.Of(UserWriteStatus.NotFound), missing);
        Assert.Equal(hank with { Comment = "new comment", UpdateTime = T0.AddHours(1) }, await store.GetUserAccountAsync("hank", Ct));
        Assert.Null(await store.GetUserAccountAsync("ghost", Ct));
    }

    [Fact]
    public async Task SetUserAdmin_flips_the_flag_on_both_views_and_unknown_user_is_null()
    {
        var store = await StoreAsync();
        var jack = (await store.TryCreateUserAsync("jack", Profile("jack"), "hash", false, T0, Ct)).Account!;

        var promoted = await store.SetUserAdminAsync("jack", true, T0.AddMinutes(5), Ct);

        Assert.Equal(jack with { IsAdmin = true, UpdateTime = T0.AddMinutes(5) }, promoted);
        Assert.True((await store.GetUserAsync("jack", Ct))!.IsAdmin);
        Assert.False((await store.SetUserAdminAsync("jack", false, T0.AddMinutes(6), Ct))!.IsAdmin);
        Assert.Null(await store.SetUserAdminAsync("ghost", true, T0, Ct));
        Assert.Null(await store.GetUserAsync("ghost", Ct));
    }

    [Fact]
    public async Task Deleted_user_frees_its_name_and_email_and_its_id_finds_nothing()
    {
        var store = await StoreAsync();
        var first = (await store.TryCreateUserAsync("kate", Profile("kate"), "hash", false, T0, Ct)).Account!;

        Assert.True(await store.DeleteUserAsync("kate", Ct));
        var again = await store.TryCreateUserAsync("kate", Profile("kate"), "hash", false, T0, Ct);

        Assert.Equal(UserWriteStatus.Written, again.Status);
        Assert.NotEqual(first.UserId, again.Account!.UserId);
        Assert.Null(await store.FindUsernameAsync(first.UserId, Ct));
    }

    [Fact]
    public async Task ListUsers_defaults_to_username_order_and_pages_with_a_total()
    {
        var (store, _) = await SeedAccountsAsync();

        var page1 = await store.ListUsersAsync(UserQuery(pageSize: 3), Ct);
        var page2 = await store.ListUsersAsync(UserQuery(page: 2, pageSize: 3), Ct);

        Assert.Equal(["Alice", "bob", "carol"], page1.Items.Select(u => u.Username));
        Assert.Equal(["dave"], page2.Items.Select(u => u.Username));
        Assert.Equal(4, page1.Total);
        Assert.Equal(4, page2.Total);
    }

    [Fact]
    public async Task ListUsers_filters_exact_fuzzy_range_list_and_flag()
    {
        var (store, users) = await SeedAccountsAsync();
        var ids = users.ToDictionary(u => u.Key, u => u.Value.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["Alice"], await UsernamesAsync(store, UserQuery(new() { [UserFields.Username] = new FuzzyValue("LIC") })));
        Assert.Equal(["bob"], await UsernamesAsync(store, UserQuery(new() { [UserFields.Email] = new ExactValue("bob@example.com") })));
        Assert.Equal(["carol"], await UsernamesAsync(store, UserQuery(new() { [UserFields.SysadminFlag] = new ExactValue("true") })));
        Assert.Equal(["Alice", "bob", "dave"], await UsernamesAsync(store, UserQuery(new() { [UserFields.SysadminFlag] = new ExactValue("false") })));
        Assert.Equal(["carol", "dave"], await UsernamesAsync(store, UserQuery(new() { [UserFields.UserId] = new OrListValue([ids["dave"], ids["carol"]]) })));
        Assert.Equal(["bob", "carol"], await UsernamesAsync(store, UserQuery(new() { [UserFields.UserId] = new RangeValue(ids["carol"], null) })));
        Assert.Equal(["carol"], await UsernamesAsync(store, UserQuery(new() { [UserFields.Realname] = new FuzzyValue("carol r"), [UserFields.Email] = new FuzzyValue("@example") })));
        Assert.Empty(await UsernamesAsync(store, UserQuery(new() { [UserFields.Username] = new FuzzyValue("%") })));
        Assert.Equal(0, (await store.ListUsersAsync(UserQuery(new() { [UserFields.Username] = new ExactValue("nobody") }), Ct)).Total);
    }

    [Fact]
    public async Task ListUsers_sorts_by_each_sortable_field()
    {
        var (store, _) = await SeedAccountsAsync();

        Assert.Equal(["dave", "Alice", "carol", "bob"], await UsernamesAsync(store, UserQuery(sorts: [new(UserFields.CreationTime, false)])));
        Assert.Equal(["bob", "carol", "Alice", "dave"], await UsernamesAsync(store, UserQuery(sorts: [new(UserFields.UserId, true)])));
        Assert.Equal(["Alice", "bob", "carol", "dave"], await UsernamesAsync(store, UserQuery(sorts: [new(UserFields.Email, false)])));
        Assert.Equal(["carol", "Alice", "bob", "dave"], await UsernamesAsync(store, UserQuery(sorts: [new(UserFields.SysadminFlag, true), new(UserFields.Username, false)])));
        Assert.Equal(["dave", "carol", "bob", "Alice"], await UsernamesAsync(store, UserQuery(sorts: [new(UserFields.Realname, true)])));
        Assert.Equal(["bob", "dave", "Alice", "carol"], await UsernamesAsync(store, UserQuery(sorts: [new(UserFields.UsernameLength, false), new(UserFields.Username, false)])));
    }

    [Fact]
    public async Task ListUsers_update_time_sort_sees_profile_changes()
    {
        var (store, _) = await SeedAccountsAsync();
        await store.UpdateUserProfileAsync("Alice", Profile("alice", "changed"), T0.AddDays(1), Ct);

        var latest = await store.ListUsersAsync(UserQuery(sorts: [new(UserFields.UpdateTime, true)], pageSize: 1), Ct);

        Assert.Equal("Alice", Assert.Single(latest.Items).Username);
        Assert.Equal(T0.AddDays(1), latest.Items[0].UpdateTime);
    }
}
