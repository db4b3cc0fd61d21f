using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class PermissionTests
{
    [Theory]
    [InlineData("repository", "pull", "repository", "pull", true)]
    [InlineData("repository", "*", "repository", "push", true)]
    [InlineData("*", "pull", "artifact", "pull", true)]
    [InlineData("*", "*", "member", "create", true)]
    [InlineData("repository", "pull", "repository", "push", false)]
    [InlineData("repository", "pull", "artifact", "pull", false)]
    [InlineData("repository", "*", "artifact", "delete", false)]
    public void Covers_honours_wildcards_on_either_part(string resource, string action, string wantedResource, string wantedAction, bool expected)
    {
        var held = new Permission(resource, action);

        Assert.Equal(expected, held.Covers(new Permission(wantedResource, wantedAction)));
    }

    [Fact]
    public void Covers_does_not_treat_a_wanted_wildcard_as_a_grant()
    {
        // Holding pull does not mean holding "everything": a request for * is only covered by a held *.
        Assert.False(new Permission("repository", "pull").Covers(new Permission("repository", "*")));
    }
}
