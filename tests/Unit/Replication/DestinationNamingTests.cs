using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>Harbor's dest_namespace / dest_namespace_replace_count rules (replaceNamespace in Harbor's replication flow).</summary>
public sealed class DestinationNamingTests
{
    [Theory]
    // No namespace: the path is kept, whatever the count.
    [InlineData("a/b/c/image", "", -1, "a/b/c/image")]
    [InlineData("a/b/c/image", "", 2, "a/b/c/image")]
    [InlineData("a/b/c/image", null, 9, "a/b/c/image")]
    // Negative (Harbor's legacy default): only the last component, under the namespace.
    [InlineData("a/b/c/image", "n", -1, "n/image")]
    [InlineData("library/nginx", "mirror", -1, "mirror/nginx")]
    [InlineData("image", "n", -1, "n/image")]
    [InlineData("a/b/c/image", "n/m", -5, "n/m/image")]
    // N: the first N components are replaced by the namespace.
    [InlineData("a/b/c/image", "n", 0, "n/a/b/c/image")]
    [InlineData("a/b/c/image", "n", 1, "n/b/c/image")]
    [InlineData("a/b/c/image", "n", 2, "n/c/image")]
    [InlineData("a/b/c/image", "n", 3, "n/image")]
    [InlineData("library/nginx", "dr/eu", 1, "dr/eu/nginx")]
    [InlineData("library/nginx", "dr", 0, "dr/library/nginx")]
    [InlineData("image", "n", 0, "n/image")]
    public void TryMap_follows_harbors_rules(string repository, string? destNamespace, int count, string expected)
    {
        Assert.True(DestinationNaming.TryMap(repository, destNamespace, count, out var destination, out var error), error);
        Assert.Equal(expected, destination);
    }

    [Theory]
    [InlineData("a/b/c/image", 4)]
    [InlineData("library/nginx", 2)]
    [InlineData("image", 1)]
    public void TryMap_refuses_a_count_reaching_the_last_component(string repository, int count)
    {
        Assert.False(DestinationNaming.TryMap(repository, "n", count, out _, out var error));
        Assert.Contains(repository, error, StringComparison.Ordinal);
    }
}
