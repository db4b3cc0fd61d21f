using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Robot accounts on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static readonly IReadOnlyList<RobotPermission> PullPush =
    [
        new(RobotLevels.Project, "lib", 1, [new("repository", "pull", ""), new("repository", "push", "allow")]),
    ];

    private static RobotRecord Robot(string name, long projectId = 0, IReadOnlyList<RobotPermission>? permissions = null, DateTimeOffset? at = null) =>
        new(0, name, "desc é", projectId, "pbkdf2-sha256$1$c2FsdA==$aGFzaA==", 30, T0.AddDays(30).ToUnixTimeSeconds(), false, "local", 7,
            at ?? T0, at ?? T0, permissions ?? [new(RobotLevels.System, "/", 0, [new("project", "create", "allow")])]);

    private static void AssertSameRobot(RobotRecord expected, RobotRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { RobotId = actual.RobotId, Permissions = [] }, actual with { Permissions = [] });
        Assert.Equal(expected.Permissions.Count, actual.Permissions.Count);
        for (var i = 0; i < expected.Permissions.Count; i++)
        {
            Assert.Equal(expected.Permissions[i] with { Access = [] }, actual.Permissions[i] with { Access = [] });
            Assert.Equal(expected.Permissions[i].Access, actual.Permissions[i].Access);
        }
    }

    [Fact]
    public async Task TryCreateRobot_then_get_and_find_return_every_field()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("lib", "admin", Meta(false), T0, Ct);
        var robot = Robot("lib+ci", project!.ProjectId, [PullPush[0] with { ProjectId = project.ProjectId }]);

        var created = await store.TryCreateRobotAsync(robot, Ct);

        AssertSameRobot(robot, created);
        Assert.True(created!.RobotId > 0);
        AssertSameRobot(robot, await (await CreateStoreAsync()).GetRobotAsync(created.RobotId, Ct));
        Assert.Equal(created.RobotId, await store.FindRobotIdAsync("lib+ci", Ct));
        Assert.Null(await store.FindRobotIdAsync("ci", Ct));
    }

    [Fact]
    public async Task TryCreateRobot_with_taken_name_is_null_and_keeps_the_first()
    {
        var store = await StoreAsync();
        var first = await store.TryCreateRobotAsync(Robot("sys"), Ct);

        Assert.Null(await store.TryCreateRobotAsync(Robot("sys") with { Description = "second" }, Ct));

        var page = await store.ListRobotsAsync(ListQuery.All, Ct);
        Assert.Equal(first!.RobotId, Assert.Single(page.Items).RobotId);
        Assert.Equal("desc é", page.Items[0].Description);
    }

    [Fact]
    public async Task UpdateRobot_replaces_changeable_fields_but_not_name_project_or_creation()
    {
        var store = await StoreAsync();
        var created = (await store.TryCreateRobotAsync(Robot("sys"), Ct))!;
        var changed = created with
        {
            Name = "renamed",
            Description = "new",
            SecretHash = "other-hash",
            Duration = -1,
            ExpiresAt = -1,
            Disabled = true,
            CreationTime = T0.AddDays(9),
            UpdateTime = T0.AddHours(2),
            Permissions = [new(RobotLevels.Project, "*", 0, [new("repository", "pull", "deny")])],
        };

        var updated = await store.UpdateRobotAsync(changed, Ct);

        var expected = changed with { Name = "sys", CreationTime = T0 };
        AssertSameRobot(expected, updated);
        AssertSameRobot(expected, await store.GetRobotAsync(created.RobotId, Ct));
    }

    [Fact]
    public async Task UpdateRobot_of_unknown_robot_is_null_and_creates_nothing()
    {
        var store = await StoreAsync();

        Assert.Null(await store.UpdateRobotAsync(Robot("ghost") with { RobotId = 4242 }, Ct));
        Assert.Equal(0, (await store.ListRobotsAsync(ListQuery.All, Ct)).Total);
    }

    [Fact]
    public async Task DeleteRobot_removes_it_once()
    {
        var store = await StoreAsync();
        var created = (await store.TryCreateRobotAsync(Robot("sys"), Ct))!;

        Assert.True(await store.DeleteRobotAsync(created.RobotId, Ct));
        Assert.False(await store.DeleteRobotAsync(created.RobotId, Ct));
        Assert.Null(await store.GetRobotAsync(created.RobotId, Ct));
        Assert.Null(await store.FindRobotIdAsync("sys", Ct));
    }

    [Fact]
    public async Task Deleting_a_project_removes_its_robots_but_not_system_robots()
    {
        var store = await StoreAsync();
        var project = (await store.TryCreateProjectAsync("lib", "admin", Meta(false), T0, Ct))!;
        var projectRobot = (await store.TryCreateRobotAsync(Robot("lib+ci", project.ProjectId), Ct))!;
        var systemRobot = (await store.TryCreateRobotAsync(Robot("sys"), Ct))!;

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("lib", Ct));

        Assert.Null(await store.GetRobotAsync(projectRobot.RobotId, Ct));
        Assert.NotNull(await store.GetRobotAsync(systemRobot.RobotId, Ct));
    }

    [Fact]
    public async Task ListRobots_filters_by_project_name_and_disabled_sorts_and_pages()
    {
        var store = await StoreAsync();
        var lib = (await store.TryCreateProjectAsync("lib", "admin", Meta(false), T0, Ct))!;
        await store.TryCreateRobotAsync(Robot("zeta", at: T0), Ct);
        await store.TryCreateRobotAsync(Robot("alpha", at: T0.AddMinutes(1)) with { Disabled = true }, Ct);
        await store.TryCreateRobotAsync(Robot("mid_x", at: T0.AddMinutes(2)), Ct);
        await store.TryCreateRobotAsync(Robot("lib+ci", lib.ProjectId, at: T0.AddMinutes(3)), Ct);

        async Task<List<string>> Names(Dictionary<string, QueryValue> filters, SortKey[]? sorts = null, int page = 1, int size = 10) =>
            (await store.ListRobotsAsync(new ListQuery(filters, sorts ?? [], page, size), Ct)).Items.Select(r => r.Name).ToList();

        Assert.Equal(["alpha", "mid_x", "zeta"], await Names(new() { [RobotFields.ProjectId] = new ExactValue("0") }));
        Assert.Equal(["lib+ci"], await Names(new() { [RobotFields.ProjectId] = new ExactValue(lib.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture)) }));
        Assert.Equal(["alpha"], await Names(new() { [RobotFields.Disabled] = new ExactValue("true") }));
        Assert.Equal(["mid_x"], await Names(new() { [RobotFields.Name] = new FuzzyValue("D_") }));
        Assert.Equal(["alpha", "zeta"], await Names(new() { [RobotFields.Name] = new OrListValue(["zeta", "alpha", "nope"]) }));
        Assert.Equal(["lib+ci", "mid_x", "alpha", "zeta"], await Names([], [new SortKey(RobotFields.CreationTime, Descending: true)]));
        Assert.Equal(["mid_x", "zeta"], await Names([], [new SortKey(RobotFields.Name, Descending: false)], page: 2, size: 2));

        var page = await store.ListRobotsAsync(new ListQuery(new Dictionary<string, QueryValue> { [RobotFields.ProjectId] = new ExactValue("0") }, [], 2, 2), Ct);
        Assert.Equal(3, page.Total);
        Assert.Equal("zeta", Assert.Single(page.Items).Name);
    }
}
