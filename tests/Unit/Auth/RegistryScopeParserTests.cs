using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class RegistryScopeParserTests
{
    [Fact]
    public void TryParse_repository_scope_splits_type_name_and_actions()
    {
        Assert.True(RegistryScopeParser.TryParse("repository:library/nginx:pull,push", out var scope));

        Assert.Equal("repository", scope!.Type);
        Assert.Equal("library/nginx", scope.Name);
        Assert.Equal(["pull", "push"], scope.Actions);
    }

    [Fact]
    public void TryParse_catalog_scope_keeps_wildcard_action()
    {
        Assert.True(RegistryScopeParser.TryParse("registry:catalog:*", out var scope));

        Assert.Equal("registry", scope!.Type);
        Assert.Equal("catalog", scope.Name);
        Assert.Equal(["*"], scope.Actions);
    }

    [Fact]
    public void TryParse_name_with_host_and_port_keeps_inner_colons()
    {
        Assert.True(RegistryScopeParser.TryParse("repository:localhost:5000/team/app:pull", out var scope));

        Assert.Equal("repository", scope!.Type);
        Assert.Equal("localhost:5000/team/app", scope.Name);
        Assert.Equal(["pull"], scope.Actions);
    }

    [Fact]
    public void TryParse_type_with_resource_class_drops_the_class()
    {
        Assert.True(RegistryScopeParser.TryParse("repository(plugin):vieux/sshfs:pull", out var scope));

        Assert.Equal("repository", scope!.Type);
        Assert.Equal("vieux/sshfs", scope.Name);
    }

    [Fact]
    public void TryParse_unknown_actions_are_kept_verbatim()
    {
        Assert.True(RegistryScopeParser.TryParse("repository:a/b:pull,Fly,*", out var scope));

        Assert.Equal(["pull", "Fly", "*"], scope!.Actions);
    }

    [Fact]
    public void TryParse_empty_and_repeated_actions_are_dropped()
    {
        Assert.True(RegistryScopeParser.TryParse("repository:a/b:pull,,push,pull,", out var scope));

        Assert.Equal(["pull", "push"], scope!.Actions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("repository")]
    [InlineData("repository:library/nginx")]
    [InlineData("repository::pull")]
    [InlineData(":library/nginx:pull")]
    [InlineData("repository:library/nginx:")]
    [InlineData("repository:library/nginx:,,")]
    [InlineData("repository(:a/b:pull")]
    [InlineData("repository):a/b:pull")]
    [InlineData("(plugin):a/b:pull")]
    [InlineData("repository():a/b:pull")]
    [InlineData("repository(plugin)x:a/b:pull")]
    [InlineData("repository(a(b)):a/b:pull")]
    [InlineData("repository:a b:pull")]
    [InlineData("repository:a/b:pull\n")]
    public void TryParse_malformed_scope_returns_false(string text)
    {
        Assert.False(RegistryScopeParser.TryParse(text, out var scope));
        Assert.Null(scope);
    }

    [Fact]
    public void TryParseAll_reads_one_scope_per_value_and_space_joined_scopes()
    {
        var values = new[] { "repository:a/b:pull", "repository:c/d:push,pull registry:catalog:*" };

        Assert.True(RegistryScopeParser.TryParseAll(values, out var scopes, out var invalid));

        Assert.Null(invalid);
        Assert.Equal(["a/b", "c/d", "catalog"], scopes.Select(s => s.Name));
        Assert.Equal(["push", "pull"], scopes[1].Actions);
        Assert.Equal("registry", scopes[2].Type);
    }

    [Fact]
    public void TryParseAll_ignores_empty_values_and_extra_spaces()
    {
        var values = new[] { "", "   ", "  repository:a/b:pull   repository:c/d:pull " };

        Assert.True(RegistryScopeParser.TryParseAll(values, out var scopes, out _));

        Assert.Equal(["a/b", "c/d"], scopes.Select(s => s.Name));
    }

    [Fact]
    public void TryParseAll_no_values_yields_no_scopes()
    {
        Assert.True(RegistryScopeParser.TryParseAll([], out var scopes, out var invalid));

        Assert.Empty(scopes);
        Assert.Null(invalid);
    }

    [Fact]
    public void TryParseAll_malformed_scope_is_reported_and_nothing_returned()
    {
        var values = new[] { "repository:a/b:pull", "repository:c/d:pull repository:broken" };

        Assert.False(RegistryScopeParser.TryParseAll(values, out var scopes, out var invalid));

        Assert.Equal("repository:broken", invalid);
        Assert.Empty(scopes);
    }
}
