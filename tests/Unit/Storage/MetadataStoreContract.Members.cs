using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Project members and user groups, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static readonly Dictionary<string, string> Private = new(StringComparer.Ordinal) { ["public"] = "false" };

    private async Task<(IMetadataStore Store, ProjectRecord Project, UserRecord Owner)> ProjectWithOwnerAsync(string name = "team")
    {
        var store = await StoreAsync();
        var owner = await store.EnsureUserAsync("owner", "hash", false, T0, Ct);
        var project = await store.TryCreateProjectAsync(name, "owner", Private, T0, Ct);
        return (store, project!, owner);
    }

    [Fact]
    public async Task CreateProject_makes_the_owner_its_project_admin()
    {
        var (store, project, owner) = await ProjectWithOwnerAsync();

        var member = Assert.Single(await store.LoadProjectMembersAsync(project.ProjectId, Ct));

        Assert.Equal((project.ProjectId, MemberEntityType.User, owner.UserId, ProjectRole.ProjectAdmin), (member.ProjectId, member.EntityType, member.EntityId, member.Role));
    }

    [Fact]
    public async Task CreateProject_for_an_unknown_owner_has_no_members()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("orphan", "nobody", Private, T0, Ct);

        Assert.Empty(await store.LoadProjectMembersAsync(project!.ProjectId, Ct));
    }

    [Fact]
    public async Task AddMember_stores_it_and_a_second_add_of_the_same_entity_is_refused()
    {
        var (store, project, _) = await ProjectWithOwnerAsync();
        var dev = await store.EnsureUserAsync("dev", "hash", false, T0, Ct);

        var added = await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.User, dev.UserId, ProjectRole.Developer, T0, Ct);
        var again = await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.User, dev.UserId, ProjectRole.Guest, T0, Ct);

        Assert.NotNull(added);
        Assert.Null(again);
        var stored = (await store.LoadProjectMembersAsync(project.ProjectId, Ct)).Single(m => m.EntityId == dev.UserId);
        Assert.Equal(added, stored);
        Assert.Equal(ProjectRole.Developer, stored.Role);
    }

    [Fact]
    public async Task AddMember_to_a_missing_project_is_refused()
    {
        var store = await StoreAsync();

        Assert.Null(await store.TryAddProjectMemberAsync(987654, MemberEntityType.User, 1, ProjectRole.Guest, T0, Ct));
    }

    [Fact]
    public async Task UpdateMemberRole_and_DeleteMember_touch_only_that_project()
    {
        var (store, project, _) = await ProjectWithOwnerAsync();
        var other = await store.TryCreateProjectAsync("other", "owner", Private, T0, Ct);
        var dev = await store.EnsureUserAsync("dev", "hash", false, T0, Ct);
        var member = (await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.User, dev.UserId, ProjectRole.Developer, T0, Ct))!;

        Assert.False(await store.UpdateProjectMemberRoleAsync(other!.ProjectId, member.MemberId, ProjectRole.Guest, T0, Ct));
        Assert.False(await store.DeleteProjectMemberAsync(other.ProjectId, member.MemberId, Ct));
        Assert.True(await store.UpdateProjectMemberRoleAsync(project.ProjectId, member.MemberId, ProjectRole.Maintainer, T0, Ct));
        Assert.Equal(ProjectRole.Maintainer, (await store.GetProjectMemberAsync(project.ProjectId, member.MemberId, Ct))!.Member.Role);
        Assert.True(await store.DeleteProjectMemberAsync(project.ProjectId, member.MemberId, Ct));
        Assert.False(await store.DeleteProjectMemberAsync(project.ProjectId, member.MemberId, Ct));
        Assert.False(await store.UpdateProjectMemberRoleAsync(project.ProjectId, member.MemberId, ProjectRole.Guest, T0, Ct));
        Assert.Null(await store.GetProjectMemberAsync(project.ProjectId, member.MemberId, Ct));
    }

    [Fact]
    public async Task ListMembers_names_users_and_groups_orders_by_name_pages_and_filters_exactly()
    {
        var (store, project, _) = await ProjectWithOwnerAsync();
        var zed = await store.EnsureUserAsync("zed", "hash", false, T0, Ct);
        var group = (await store.TryCreateUserGroupAsync("devs", UserGroupType.Oidc, string.Empty, T0, Ct))!;
        await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.User, zed.UserId, ProjectRole.Guest, T0, Ct);
        await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.Group, group.Id, ProjectRole.Developer, T0, Ct);

        var all = await store.ListProjectMembersAsync(project.ProjectId, null, 1, 10, Ct);
        var second = await store.ListProjectMembersAsync(project.ProjectId, null, 2, 2, Ct);
        var exact = await store.ListProjectMembersAsync(project.ProjectId, "devs", 1, 10, Ct);
        var partial = await store.ListProjectMembersAsync(project.ProjectId, "dev", 1, 10, Ct);

        Assert.Equal(["devs", "owner", "zed"], all.Items.Select(m => m.EntityName));
        Assert.Equal(3, all.Total);
        Assert.Equal(MemberEntityType.Group, all.Items[0].Member.EntityType);
        Assert.Equal(["zed"], second.Items.Select(m => m.EntityName));
        Assert.Equal(3, second.Total);
        Assert.Equal(("devs", 1L), (Assert.Single(exact.Items).EntityName, exact.Total));
        Assert.Empty(partial.Items);
    }

    [Fact]
    public async Task Deleting_a_user_or_a_project_removes_their_memberships()
    {
        var (store, project, _) = await ProjectWithOwnerAsync();
        var dev = await store.EnsureUserAsync("dev", "hash", false, T0, Ct);
        await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.User, dev.UserId, ProjectRole.Developer, T0, Ct);

        await store.DeleteUserAsync("dev", Ct);
        var afterUser = await store.LoadProjectMembersAsync(project.ProjectId, Ct);
        await store.TryDeleteProjectAsync(project.Name, Ct);

        Assert.DoesNotContain(afterUser, m => m.EntityId == dev.UserId && m.EntityType == MemberEntityType.User);
        Assert.Empty(await store.LoadProjectMembersAsync(project.ProjectId, Ct));
    }

    [Fact]
    public async Task FindUsernameById()
    {
        var store = await StoreAsync();
        var user = await store.EnsureUserAsync("someone", "hash", false, T0, Ct);

        Assert.Equal("someone", await store.FindUsernameByIdAsync(user.UserId, Ct));
        Assert.Null(await store.FindUsernameByIdAsync(user.UserId + 1000, Ct));
    }

    [Fact]
    public async Task ListProjects_shows_members_and_group_members_their_private_projects()
    {
        var (store, project, _) = await ProjectWithOwnerAsync();
        await store.TryCreateProjectAsync("hidden", "owner", Private, T0, Ct);
        var dev = await store.EnsureUserAsync("dev", "hash", false, T0, Ct);
        var group = (await store.TryCreateUserGroupAsync("cn=devs,dc=example", UserGroupType.Ldap, "cn=devs,dc=example", T0, Ct))!;
        var viaGroup = await store.TryCreateProjectAsync("via-group", "admin", Private, T0, Ct);
        await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.User, dev.UserId, ProjectRole.Guest, T0, Ct);
        await store.TryAddProjectMemberAsync(viaGroup!.ProjectId, MemberEntityType.Group, group.Id, ProjectRole.Guest, T0, Ct);

        var direct = await NamesAsync(store, Query(new ProjectVisibility(false, dev.UserId)));
        var withGroup = await NamesAsync(store, Query(new ProjectVisibility(false, dev.UserId) { MemberGroupIds = [group.Id] }));

        Assert.Equal(["team"], direct);
        Assert.Equal(["team", "via-group"], withGroup);
    }

    [Fact]
    public async Task CreateUserGroup_refuses_a_duplicate_name_of_the_same_type_and_a_duplicate_ldap_dn()
    {
        var store = await StoreAsync();

        var oidc = await store.TryCreateUserGroupAsync("devs", UserGroupType.Oidc, string.Empty, T0, Ct);
        var http = await store.TryCreateUserGroupAsync("devs", UserGroupType.Http, string.Empty, T0, Ct);
        var duplicate = await store.TryCreateUserGroupAsync("devs", UserGroupType.Oidc, string.Empty, T0, Ct);
        var ldap = await store.TryCreateUserGroupAsync("ldap-devs", UserGroupType.Ldap, "cn=devs,dc=example", T0, Ct);
        var sameDn = await store.TryCreateUserGroupAsync("other-name", UserGroupType.Ldap, "cn=devs,dc=example", T0, Ct);

        Assert.NotNull(oidc);
        Assert.NotNull(http);
        Assert.Null(duplicate);
        Assert.Equal(new UserGroupRecord(ldap!.Id, "ldap-devs", UserGroupType.Ldap, "cn=devs,dc=example"), await store.GetUserGroupAsync(ldap.Id, Ct));
        Assert.Null(sameDn);
        Assert.Equal(oidc, await store.FindUserGroupByNameAsync(UserGroupType.Oidc, "devs", Ct));
        Assert.Equal(ldap, await store.FindLdapGroupAsync("cn=devs,dc=example", Ct));
        Assert.Null(await store.FindUserGroupByNameAsync(UserGroupType.Ldap, "devs", Ct));
        Assert.Equal(3, (await store.ListUserGroupsAsync(new UserGroupQuery(null, null, null, 1, 10), Ct)).Total);
    }

    [Fact]
    public async Task ListUserGroups_filters_pages_and_orders_search_by_closest_name()
    {
        var store = await StoreAsync();
        await store.TryCreateUserGroupAsync("team-a_long", UserGroupType.Oidc, string.Empty, T0, Ct);
        await store.TryCreateUserGroupAsync("team", UserGroupType.Oidc, string.Empty, T0, Ct);
        await store.TryCreateUserGroupAsync("ops", UserGroupType.Http, string.Empty, T0, Ct);
        await store.TryCreateUserGroupAsync("ldap-team", UserGroupType.Ldap, "cn=team,dc=x", T0, Ct);

        var fuzzy = await store.ListUserGroupsAsync(new UserGroupQuery("TEAM", null, null, 1, 10, ShortestNameFirst: true), Ct);
        var byType = await store.ListUserGroupsAsync(new UserGroupQuery(null, null, UserGroupType.Http, 1, 10), Ct);
        var byDn = await store.ListUserGroupsAsync(new UserGroupQuery(null, "cn=team,dc=x", null, 1, 10), Ct);
        var page = await store.ListUserGroupsAsync(new UserGroupQuery(null, null, null, 2, 3), Ct);
        var underscore = await store.ListUserGroupsAsync(new UserGroupQuery("_", null, null, 1, 10), Ct);

        Assert.Equal(["team", "ldap-team", "team-a_long"], fuzzy.Items.Select(g => g.GroupName));
        Assert.Equal(["ops"], byType.Items.Select(g => g.GroupName));
        Assert.Equal(["ldap-team"], byDn.Items.Select(g => g.GroupName));
        Assert.Equal((4L, 1), (page.Total, page.Items.Count));
        Assert.Equal(["team-a_long"], underscore.Items.Select(g => g.GroupName));
    }

    [Fact]
    public async Task RenameUserGroup_changes_the_name_unless_taken_or_missing()
    {
        var store = await StoreAsync();
        var first = (await store.TryCreateUserGroupAsync("first", UserGroupType.Oidc, string.Empty, T0, Ct))!;
        await store.TryCreateUserGroupAsync("second", UserGroupType.Oidc, string.Empty, T0, Ct);

        Assert.Equal(UserGroupChange.Duplicate, await store.TryRenameUserGroupAsync(first.Id, "second", T0, Ct));
        Assert.Equal("first", (await store.GetUserGroupAsync(first.Id, Ct))!.GroupName);
        Assert.Equal(UserGroupChange.Changed, await store.TryRenameUserGroupAsync(first.Id, "renamed", T0, Ct));
        Assert.Equal("renamed", (await store.GetUserGroupAsync(first.Id, Ct))!.GroupName);
        Assert.Equal(UserGroupChange.NotFound, await store.TryRenameUserGroupAsync(first.Id + 1000, "x", T0, Ct));
    }

    [Fact]
    public async Task DeleteUserGroup_removes_its_memberships_and_names_their_projects()
    {
        var (store, project, _) = await ProjectWithOwnerAsync();
        var group = (await store.TryCreateUserGroupAsync("devs", UserGroupType.Oidc, string.Empty, T0, Ct))!;
        await store.TryAddProjectMemberAsync(project.ProjectId, MemberEntityType.Group, group.Id, ProjectRole.Developer, T0, Ct);

        var projects = await store.TryDeleteUserGroupAsync(group.Id, Ct);

        Assert.Equal(["team"], projects);
        Assert.Null(await store.GetUserGroupAsync(group.Id, Ct));
        Assert.DoesNotContain(await store.LoadProjectMembersAsync(project.ProjectId, Ct), m => m.EntityType == MemberEntityType.Group);
        Assert.Null(await store.TryDeleteUserGroupAsync(group.Id, Ct));
    }

    [Fact]
    public async Task FindUserGroupIds_matches_ldap_by_normalized_dn_and_others_by_type_and_name()
    {
        var store = await StoreAsync();
        var ldap = (await store.TryCreateUserGroupAsync("devs", UserGroupType.Ldap, "cn=devs,dc=example", T0, Ct))!;
        var oidc = (await store.TryCreateUserGroupAsync("Devs", UserGroupType.Oidc, string.Empty, T0, Ct))!;
        await store.TryCreateUserGroupAsync("ops", UserGroupType.Http, string.Empty, T0, Ct);

        var ids = await store.FindUserGroupIdsAsync(
            [new UserGroupRef(UserGroupType.Ldap, " CN=Devs,DC=Example "), new UserGroupRef(UserGroupType.Oidc, "Devs"), new UserGroupRef(UserGroupType.Oidc, "ops")], Ct);

        Assert.Equal([ldap.Id, oidc.Id], ids);
        Assert.Empty(await store.FindUserGroupIdsAsync([], Ct));
    }
}
