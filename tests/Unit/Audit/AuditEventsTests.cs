using System.Net;
using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Tests.Unit.Audit;

public sealed class AuditEventsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_artifact_named_by_tag_is_repo_colon_tag_else_repo_at_digest()
    {
        Assert.Equal("library/app:1.0", AuditEvents.ArtifactPushed("admin", "library/app", "1.0", "sha256:abc", 1, T0).Resource);
        Assert.Equal("library/app@sha256:abc", AuditEvents.ArtifactPulled("admin", "library/app", null, "sha256:abc", 1, T0).Resource);
    }

    [Fact]
    public void Push_pull_and_deletes_carry_harbors_operation_and_resource_type()
    {
        Assert.Equal(
            [("create", "artifact"), ("pull", "artifact"), ("delete", "artifact"), ("delete", "tag")],
            new[]
            {
                AuditEvents.ArtifactPushed("u", "p/r", "t", "sha256:d", 1, T0),
                AuditEvents.ArtifactPulled("u", "p/r", "t", "sha256:d", 1, T0),
                AuditEvents.ArtifactDeleted("u", "p/r", "sha256:d", 1, T0),
                AuditEvents.TagDeleted("u", "p/r", "t", 1, T0),
            }.Select(e => (e.Operation, e.ResourceType)));
        Assert.Equal("p/r:t", AuditEvents.TagDeleted("u", "p/r", "t", 1, T0).Resource);
    }

    [Fact]
    public void A_failed_login_names_the_user_and_address_and_belongs_to_no_project()
    {
        var e = AuditEvents.LoginFailed("mallory", IPAddress.Parse("10.1.2.3"), T0);

        Assert.Equal(("mallory", "mallory", "user", "login", false, (long?)null), (e.Username, e.Resource, e.ResourceType, e.Operation, e.Succeeded, e.ProjectId));
        Assert.Equal("login failed from 10.1.2.3", e.Description);
    }

    [Fact]
    public void Event_types_are_operation_underscore_resource_type()
    {
        Assert.Contains("pull_artifact", AuditEvents.EventTypes);
        Assert.Contains("login_user", AuditEvents.EventTypes);
        Assert.All(AuditEvents.EventTypes, t => Assert.Matches("^[a-z]+_[a-z]+$", t));
    }

    [Fact]
    public void Access_changes_name_the_member_robot_or_user_and_describe_role_and_detail()
    {
        var member = AuditEvents.MemberChanged("admin", "update", "prod", 7, "alice", "maintainer", T0);
        var robot = AuditEvents.RobotChanged("admin", "update", "robot$prod+ci", 7, T0, "secret refreshed");
        var systemRobot = AuditEvents.RobotChanged("admin", "create", "robot$ops", null, T0);
        var user = AuditEvents.UserChanged("admin", "update", "bob", T0, "password");

        Assert.Equal(("alice", "member", (long?)7, "update member: alice of project prod as maintainer"), (member.Resource, member.ResourceType, member.ProjectId, member.Description));
        Assert.Equal(("robot$prod+ci", "robot", (long?)7, "update robot: robot$prod+ci (secret refreshed)"), (robot.Resource, robot.ResourceType, robot.ProjectId, robot.Description));
        Assert.Null(systemRobot.ProjectId);
        Assert.Equal(("bob", "user", (long?)null, "update user: bob (password)"), (user.Resource, user.ResourceType, user.ProjectId, user.Description));
    }
}
