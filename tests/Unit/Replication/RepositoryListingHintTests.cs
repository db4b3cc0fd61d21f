using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>What a name filter says about the repositories a registry that cannot list everything must look at.</summary>
public sealed class RepositoryListingHintTests
{
    [Theory]
    [InlineData("org/app", "org/app", "org")]
    [InlineData("org/{app,tool}", "org/app org/tool", "org")]
    [InlineData("{a,b}/x/y", "a/x/y b/x/y", "a b")]
    [InlineData("org/pre-{x,y}-post", "org/pre-x-post org/pre-y-post", "org")]
    [InlineData("library/nginx", "library/nginx", "library")]
    public void Specific_patterns_name_their_repositories_and_namespaces(string pattern, string repositories, string namespaces)
    {
        var hint = RepositoryListingHint.FromNamePattern(pattern);

        Assert.Equal(repositories.Split(' '), hint.Repositories);
        Assert.Equal(namespaces.Split(' '), hint.Namespaces);
    }

    [Theory]
    [InlineData("bitnami/**", "bitnami")]
    [InlineData("{acme,acme-org}/app-*", "acme acme-org")]
    [InlineData("org/a[bc]", "org")]
    public void Open_paths_under_a_specific_namespace_name_only_the_namespace(string pattern, string namespaces)
    {
        var hint = RepositoryListingHint.FromNamePattern(pattern);

        Assert.Null(hint.Repositories);
        Assert.Equal(namespaces.Split(' '), hint.Namespaces);
    }

    [Fact]
    public void A_single_component_names_a_repository_but_no_namespace()
    {
        var hint = RepositoryListingHint.FromNamePattern("nginx");

        Assert.Equal(["nginx"], hint.Repositories);
        Assert.Null(hint.Namespaces);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("**")]
    [InlineData("*/app")]
    [InlineData("org?/app")]
    [InlineData("{a,{b,c}}/app")]
    [InlineData("{a,}/app")]
    [InlineData("a}/app")]
    [InlineData("/app")]
    public void Open_or_malformed_namespaces_leave_the_listing_open(string? pattern)
    {
        Assert.Equal(RepositoryListingHint.None, RepositoryListingHint.FromNamePattern(pattern));
    }
}
