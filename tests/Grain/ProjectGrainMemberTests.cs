using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class ProjectGrainMemberTests(RegistryClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewName(string prefix = "p") => prefix + Guid.NewGuid().ToString("N")[..12];

    private IProjectGrain Project(string name) => fixture.Client.GetGrain<IProjectGrain>(name);

    private async Task<long> UserAsync(string? name = null) =>
        (await fixture.Metadata.EnsureUserAsync(name ?? NewName("u"), "hash", false, DateTimeOffset.UnixEpoch, Ct)).UserId;

    /// <summary>A fresh project owned by a fresh user; returns the project's name and the owner's id.</summary>
    private async Task<(string Name, long OwnerId)> ProjectAsync()
    {
        var owner = NewName("u");
        var ownerId = await UserAsync(owner);
        var name = NewName();
        var created = await Project(name).TryCreateAsync(new CreateProjectRequest(owner, new Dictionary<string, string>()));
        Assert.True(created.Succeeded, created.Message);
        return (name, ownerId);
    }

    [Fact]
    public async Task TryCreate_makes_the_owner_project_admin()
    {
        var (name, ownerId) = await ProjectAsync();

        Assert.Equal([ProjectRole.ProjectAdmin], await Project(name).GetRolesAsync(ownerId, []));
        Assert.Empty(await Project(name).GetRolesAsync(await UserAsync(), []));
        Assert.Empty(await Project(name).GetRolesAsync(null, []));
    }

    [Fact]
    public async Task TryAddMember_grants_the_role_and_survives_reactivation()
    {
        var (name, _) = await ProjectAsync();
        var dev = await UserAsync();

        var result = await Project(name).TryAddMemberAsync(MemberEntityType.User, dev, (long)ProjectRole.Developer);
        await fixture.ReactivateAsync(Project(name));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([ProjectRole.Developer], await Project(name).GetRolesAsync(dev, []));
    }

    [Fact]
    public async Task TryAddMember_twice_is_a_conflict_and_keeps_the_first_role()
    {
        var (name, _) = await ProjectAsync();
        var dev = await UserAsync();
        await Project(name).TryAddMemberAsync(MemberEntityType.User, dev, (long)ProjectRole.Guest);

        var again = await Project(name).TryAddMemberAsync(MemberEntityType.User, dev, (long)ProjectRole.ProjectAdmin);

        Assert.Equal(RegistryError.Conflict, again.Error);
        Assert.Equal([ProjectRole.Guest], await Project(name).GetRolesAsync(dev, []));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task TryAddMember_with_unknown_role_is_a_bad_request_and_adds_nothing(long roleId)
    {
        var (name, _) = await ProjectAsync();
        var dev = await UserAsync();
        var before = await fixture.Metadata.GetProjectAsync(name, Ct);

        var result = await Project(name).TryAddMemberAsync(MemberEntityType.User, dev, roleId);

        Assert.Equal(RegistryError.BadRequest, result.Error);
        Assert.Empty(await Project(name).GetRolesAsync(dev, []));
        Assert.Single(await fixture.Metadata.LoadProjectMembersAsync(before!.ProjectId, Ct));
    }

    [Fact]
    public async Task Member_commands_on_a_missing_project_are_ProjectNotFound()
    {
        var missing = Project(NewName());

        Assert.Equal(RegistryError.ProjectNotFound, (await missing.TryAddMemberAsync(MemberEntityType.User, 1, 1)).Error);
        Assert.Equal(RegistryError.ProjectNotFound, (await missing.TryUpdateMemberRoleAsync(1, 1)).Error);
        Assert.Equal(RegistryError.ProjectNotFound, (await missing.TryRemoveMemberAsync(1)).Error);
        Assert.Empty(await missing.GetRolesAsync(1, [1]));
    }

    [Fact]
    public async Task Roles_of_the_user_and_its_groups_add_up()
    {
        var (name, _) = await ProjectAsync();
        var user = await UserAsync();
        var group = (await fixture.Metadata.TryCreateUserGroupAsync(NewName("g"), UserGroupType.Oidc, string.Empty, DateTimeOffset.UnixEpoch, Ct))!;
        var other = (await fixture.Metadata.TryCreateUserGroupAsync(NewName("g"), UserGroupType.Oidc, string.Empty, DateTimeOffset.UnixEpoch, Ct))!;
        await Project(name).TryAddMemberAsync(MemberEntityType.User, user, (long)ProjectRole.Guest);
        await Project(name).TryAddMemberAsync(MemberEntityType.Group, group.Id, (long)ProjectRole.Maintainer);

        Assert.Equal([ProjectRole.Guest, ProjectRole.Maintainer], await Project(name).GetRolesAsync(user, [group.Id, other.Id]));
        Assert.Equal([ProjectRole.Maintainer], await Project(name).GetRolesAsync(null, [group.Id]));
        Assert.Equal([ProjectRole.Guest], await Project(name).GetRolesAsync(user, [other.Id]));
    }

    [Fact]
    public async Task TryUpdateMemberRole_changes_the_role_and_refuses_unknown_roles_and_members()
    {
        var (name, _) = await ProjectAsync();
        var dev = await UserAsync();
        var member = (await Project(name).TryAddMemberAsync(MemberEntityType.User, dev, (long)ProjectRole.Developer)).Member!;

        var invalid = await Project(name).TryUpdateMemberRoleAsync(member.MemberId, 9);
        var unknown = await Project(name).TryUpdateMemberRoleAsync(member.MemberId + 100_000, 1);
        var updated = await Project(name).TryUpdateMemberRoleAsync(member.MemberId, (long)ProjectRole.Maintainer);
        await fixture.ReactivateAsync(Project(name));

        Assert.Equal(RegistryError.BadRequest, invalid.Error);
        Assert.Equal(RegistryError.NameUnknown, unknown.Error);
        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal([ProjectRole.Maintainer], await Project(name).GetRolesAsync(dev, []));
    }

    [Fact]
    public async Task TryRemoveMember_revokes_the_role_and_a_second_remove_is_NameUnknown()
    {
        var (name, _) = await ProjectAsync();
        var dev = await UserAsync();
        var member = (await Project(name).TryAddMemberAsync(MemberEntityType.User, dev, (long)ProjectRole.Developer)).Member!;

        var removed = await Project(name).TryRemoveMemberAsync(member.MemberId);
        var again = await Project(name).TryRemoveMemberAsync(member.MemberId);
        await fixture.ReactivateAsync(Project(name));

        Assert.True(removed.Succeeded, removed.Message);
        Assert.Equal(RegistryError.NameUnknown, again.Error);
        Assert.Empty(await Project(name).GetRolesAsync(dev, []));
    }

    [Fact]
    public async Task ReloadMembers_forgets_a_group_deleted_in_the_store()
    {
        var (name, _) = await ProjectAsync();
        var group = (await fixture.Metadata.TryCreateUserGroupAsync(NewName("g"), UserGroupType.Http, string.Empty, DateTimeOffset.UnixEpoch, Ct))!;
        await Project(name).TryAddMemberAsync(MemberEntityType.Group, group.Id, (long)ProjectRole.Guest);

        Assert.Equal([name], await fixture.Metadata.TryDeleteUserGroupAsync(group.Id, Ct));
        await Project(name).ReloadMembersAsync();

        Assert.Empty(await Project(name).GetRolesAsync(null, [group.Id]));
    }
}
