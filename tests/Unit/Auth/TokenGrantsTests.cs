using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class TokenGrantsTests
{
    private static readonly UserInfo Admin = new(1, "admin", IsAdmin: true);
    private static readonly UserInfo Developer = new(2, "dev", IsAdmin: false);

    private static readonly Dictionary<string, ProjectInfo?> Projects = new(StringComparer.Ordinal)
    {
        ["library"] = Project("library", isPublic: true),
        ["private"] = Project("private", isPublic: false),
    };

    private static ProjectInfo Project(string name, bool isPublic) =>
        new(1, name, isPublic, "admin", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

    private static RegistryScope Scope(string text)
    {
        Assert.True(RegistryScopeParser.TryParse(text, out var scope));
        return scope!;
    }

    private static IReadOnlyList<TokenAccess> Grant(UserInfo? user, params string[] scopes) => GrantAs(user, null, scopes);

    /// <summary>Grants as <paramref name="user"/>, holding <paramref name="role"/> (if any) in every project.</summary>
    private static IReadOnlyList<TokenAccess> GrantAs(UserInfo? user, ProjectRole? role, params string[] scopes)
    {
        var admin = user is { IsAdmin: true };
        var held = Projects.ToDictionary(
            p => p.Key,
            p => p.Value is null ? null : ProjectPermissionSet.Resolve(admin, p.Value.Public, role is { } r ? [r] : [], []),
            StringComparer.Ordinal);
        return TokenGrants.Grant(admin, scopes.Select(Scope).ToList(), held);
    }

    [Theory]
    [InlineData(ProjectRole.ProjectAdmin, "pull,push,delete,*")]
    [InlineData(ProjectRole.Maintainer, "pull,push,delete,*")]
    [InlineData(ProjectRole.Developer, "pull,push")]
    [InlineData(ProjectRole.Guest, "pull")]
    [InlineData(ProjectRole.LimitedGuest, "pull")]
    public void Member_of_private_project_gets_what_its_role_allows(ProjectRole role, string expected)
    {
        var access = Assert.Single(GrantAs(Developer, role, "repository:private/app:pull,push,delete,*"));

        Assert.Equal(expected.Split(','), access.Actions);
    }

    [Fact]
    public void User_without_push_gets_pull_only()
    {
        var access = Assert.Single(Grant(Developer, "repository:library/app:pull,push,delete"));

        Assert.Equal(("repository", "library/app"), (access.Type, access.Name));
        Assert.Equal(["pull"], access.Actions);
    }

    [Fact]
    public void Admin_gets_every_known_action_asked_for()
    {
        var access = Assert.Single(Grant(Admin, "repository:private/app:pull,push,delete"));

        Assert.Equal(["pull", "push", "delete"], access.Actions);
    }

    [Fact]
    public void Scope_with_nothing_allowed_is_omitted_not_refused()
    {
        Assert.Empty(Grant(null, "repository:private/app:pull"));
        Assert.Empty(Grant(Developer, "repository:private/app:pull,push"));
    }

    [Fact]
    public void Unknown_resource_types_and_actions_are_dropped()
    {
        var access = Grant(Admin, "helm-chart:library/app:pull", "repository:library/app:pull,frobnicate", "repository(plugin):library/x:pull");

        Assert.Equal(2, access.Count);
        Assert.Equal(["pull"], access[0].Actions);
        Assert.Equal("repository", access[1].Type);
    }

    [Fact]
    public void Invalid_repository_name_is_dropped()
    {
        Assert.Empty(Grant(Admin, "repository:Library/UPPER:pull", "repository:library/../etc:pull"));
    }

    [Fact]
    public void Catalog_is_for_admins_only_and_only_as_star()
    {
        Assert.Equal(["*"], Assert.Single(Grant(Admin, "registry:catalog:*,pull")).Actions);
        Assert.Empty(Grant(Developer, "registry:catalog:*"));
        Assert.Empty(Grant(null, "registry:catalog:*"));
        Assert.Empty(Grant(Admin, "registry:other:*"));
    }

    [Fact]
    public void Missing_project_gives_admin_pull_push_only_and_others_nothing()
    {
        Assert.Equal(["pull", "push"], Assert.Single(Grant(Admin, "repository:ghost/app:pull,push,delete")).Actions);
        Assert.Empty(Grant(Developer, "repository:ghost/app:pull"));
    }

    [Fact]
    public void ProjectsOf_lists_each_needed_project_once()
    {
        string[] scopes = ["repository:library/a:pull", "repository:library/b:pull", "repository:private/c:push", "registry:catalog:*", "repository:BAD:pull"];

        var projects = TokenGrants.ProjectsOf(scopes.Select(Scope));

        Assert.Equal(["library", "private"], projects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Format_writes_space_separated_scopes()
    {
        Assert.Equal(
            "repository:library/a:pull,push registry:catalog:*",
            TokenGrants.Format([new TokenAccess("repository", "library/a", ["pull", "push"]), new TokenAccess("registry", "catalog", ["*"])]));
        Assert.Equal(string.Empty, TokenGrants.Format([]));
    }
}
