using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class ProjectMembersTests
{
    private static ProjectMembers Members(params ProjectMemberInfo[] members) => new(members);

    [Fact]
    public void RolesOf_unions_the_user_and_its_groups_without_duplicates()
    {
        var members = Members(
            new(1, MemberEntityType.User, 10, ProjectRole.Guest),
            new(2, MemberEntityType.Group, 10, ProjectRole.Maintainer),
            new(3, MemberEntityType.Group, 11, ProjectRole.Guest),
            new(4, MemberEntityType.User, 11, ProjectRole.ProjectAdmin));

        Assert.Equal([ProjectRole.Guest, ProjectRole.Maintainer], members.RolesOf(10, [10, 11, 99]));
        Assert.Equal([ProjectRole.Maintainer], members.RolesOf(null, [10]));
        Assert.Equal([ProjectRole.ProjectAdmin], members.RolesOf(11, []));
        Assert.Empty(members.RolesOf(99, [99]));
    }

    [Fact]
    public void User_and_group_with_the_same_id_are_different_members()
    {
        var members = Members(new ProjectMemberInfo(1, MemberEntityType.Group, 7, ProjectRole.Developer));

        Assert.True(members.Contains(MemberEntityType.Group, 7));
        Assert.False(members.Contains(MemberEntityType.User, 7));
        Assert.Empty(members.RolesOf(7, []));
    }

    [Fact]
    public void Set_replaces_a_role_and_Remove_forgets_the_member_by_id_and_entity()
    {
        var members = Members(new ProjectMemberInfo(1, MemberEntityType.User, 10, ProjectRole.Guest));

        members.Set(new(1, MemberEntityType.User, 10, ProjectRole.Developer));
        var changed = members.RolesOf(10, []);
        members.Remove(1);
        members.Remove(1);

        Assert.Equal([ProjectRole.Developer], changed);
        Assert.Null(members.Find(1));
        Assert.False(members.Contains(MemberEntityType.User, 10));
        Assert.Empty(members.All);
    }
}
