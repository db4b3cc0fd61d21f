using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class ProjectAccessTests
{
    private static readonly UserInfo Admin = new(1, "admin", true);
    private static readonly UserInfo Owner = new(2, "alice", false);
    private static readonly UserInfo Other = new(3, "bob", false);

    private static ProjectInfo Project(bool isPublic) =>
        new(7, "p", isPublic, "alice", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

    public static TheoryData<UserInfo?, bool, bool, bool> Cases() => new()
    {
        // user, public, can read, can manage
        { null, true, true, false },
        { null, false, false, false },
        { Other, true, true, false },
        { Other, false, false, false },
        { Owner, false, true, true },
        { Admin, false, true, true },
        { Admin, true, true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_and_manage(UserInfo? user, bool isPublic, bool read, bool manage)
    {
        var project = Project(isPublic);

        Assert.Equal((read, manage), (ProjectAccess.CanRead(user, project), ProjectAccess.CanManage(user, project)));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("bob", false)]
    [InlineData("alice", true)]
    [InlineData("admin", true)]
    public void Logs_of_a_public_project_are_for_its_admins_only(string? username, bool expected)
    {
        var user = username switch { "admin" => Admin, "alice" => Owner, "bob" => Other, _ => null };

        Assert.Equal(expected, ProjectAccess.CanReadLogs(user, Project(isPublic: true)));
    }
}
