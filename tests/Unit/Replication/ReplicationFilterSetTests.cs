using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>Harbor's replication filters (pkg/reg/filter): name on the full path, tag, label and resource.</summary>
public sealed class ReplicationFilterSetTests
{
    private static ReplicationFilterSet Compile(params ReplicationFilter[] filters)
    {
        Assert.True(ReplicationFilterSet.TryCompile(filters, out var set, out var error), error);
        return set!;
    }

    private static ReplicationCandidate Artifact(string[] tags, string[]? labels = null, bool isImage = true) =>
        new("sha256:" + new string('a', 64), tags, labels ?? [], isImage);

    [Theory]
    [InlineData("library/**", "library/nginx", true)]
    [InlineData("library/**", "library/team/app", true)]
    [InlineData("library/**", "other/nginx", false)]
    [InlineData("library/*", "library/team/app", false)]
    [InlineData("nginx", "library/nginx", false)]
    [InlineData("**/nginx", "library/nginx", true)]
    [InlineData("{library,dev}/app*", "dev/app-1", true)]
    [InlineData("", "anything/at/all", true)]
    public void Name_filter_matches_the_full_repository_path_including_the_project(string pattern, string repository, bool matches)
    {
        Assert.Equal(matches, Compile(ReplicationFilter.Name(pattern)).MatchesRepository(repository));
    }

    [Fact]
    public void Several_name_filters_must_all_match()
    {
        var set = Compile(ReplicationFilter.Name("library/**"), ReplicationFilter.Name("**/nginx"));

        Assert.True(set.MatchesRepository("library/nginx"));
        Assert.False(set.MatchesRepository("library/redis"));
    }

    [Fact]
    public void Tag_matches_keeps_only_the_matching_tags()
    {
        var selected = Compile(ReplicationFilter.Tag("v1.*", ReplicationFilterTypes.Matches)).Select(Artifact(["latest", "v1.0", "v1.1", "v2.0"]));

        Assert.Equal(["v1.0", "v1.1"], selected!.Tags);
    }

    [Fact]
    public void Tag_excludes_keeps_the_other_tags_and_drops_an_artifact_with_none_left()
    {
        var set = Compile(ReplicationFilter.Tag("dev-*", ReplicationFilterTypes.Excludes));

        Assert.Equal(["v1"], set.Select(Artifact(["dev-1", "v1"]))!.Tags);
        Assert.Null(set.Select(Artifact(["dev-1", "dev-2"])));
    }

    [Fact]
    public void Decoration_left_empty_means_matches()
    {
        Assert.Equal(["v1"], Compile(ReplicationFilter.Tag("v*")).Select(Artifact(["v1", "latest"]))!.Tags);
    }

    [Theory]
    // Harbor matches an untagged artifact as the empty tag.
    [InlineData("**", "matches", true)]
    [InlineData("*", "matches", true)]
    [InlineData("v*", "matches", false)]
    [InlineData("v*", "excludes", true)]
    [InlineData("**", "excludes", false)]
    [InlineData("", "matches", true)]
    public void Untagged_artifacts_pass_a_tag_filter_only_when_its_pattern_takes_the_empty_tag(string pattern, string decoration, bool selected)
    {
        var result = Compile(ReplicationFilter.Tag(pattern, decoration)).Select(Artifact([]));

        Assert.Equal(selected, result is not null);
    }

    [Fact]
    public void Without_a_tag_filter_every_artifact_is_selected_with_all_its_tags()
    {
        var set = Compile(ReplicationFilter.Name("library/**"));

        Assert.Equal(["a", "b"], set.Select(Artifact(["a", "b"]))!.Tags);
        Assert.NotNull(set.Select(Artifact([])));
        Assert.False(set.HasTagFilter);
    }

    [Fact]
    public void Label_matches_needs_every_listed_label_and_excludes_takes_the_rest()
    {
        var matches = Compile(ReplicationFilter.Label(["prod", "eu"], ReplicationFilterTypes.Matches));
        var excludes = Compile(ReplicationFilter.Label(["prod", "eu"], ReplicationFilterTypes.Excludes));

        Assert.NotNull(matches.Select(Artifact(["v1"], ["eu", "prod", "x"])));
        Assert.Null(matches.Select(Artifact(["v1"], ["prod"])));
        Assert.Null(excludes.Select(Artifact(["v1"], ["eu", "prod"])));
        Assert.NotNull(excludes.Select(Artifact(["v1"], ["prod"])));
    }

    [Fact]
    public void An_empty_label_list_selects_everything()
    {
        Assert.NotNull(Compile(ReplicationFilter.Label([])).Select(Artifact(["v1"])));
    }

    [Fact]
    public void Label_filters_do_not_apply_to_a_remote_source()
    {
        Assert.True(ReplicationFilterSet.ForRemoteSource([ReplicationFilter.Label(["prod"])], out var set, out _));

        Assert.NotNull(set!.Select(Artifact(["v1"])));
    }

    [Fact]
    public void Resource_image_keeps_images_and_artifact_keeps_everything()
    {
        var images = Compile(ReplicationFilter.Resource(ReplicationFilterTypes.Image));
        var all = Compile(ReplicationFilter.Resource(ReplicationFilterTypes.Artifact));

        Assert.Null(images.Select(Artifact(["1.0"], isImage: false)));
        Assert.NotNull(images.Select(Artifact(["1.0"], isImage: true)));
        Assert.NotNull(all.Select(Artifact(["1.0"], isImage: false)));
    }

    [Fact]
    public void Tag_filters_chain_in_order()
    {
        var set = Compile(ReplicationFilter.Tag("v*"), ReplicationFilter.Tag("*-rc*", ReplicationFilterTypes.Excludes));

        Assert.Equal(["v1", "v2"], set.Select(Artifact(["v1", "v2", "v3-rc1", "latest"]))!.Tags);
    }

    [Theory]
    [InlineData("tag", "[a")]
    [InlineData("name", "{a,b")]
    public void TryCompile_refuses_an_invalid_pattern(string type, string pattern)
    {
        Assert.False(ReplicationFilterSet.TryCompile([new ReplicationFilter(type, pattern, null, string.Empty)], out _, out var error));
        Assert.Contains(pattern, error, StringComparison.Ordinal);
    }
}
