using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class RepositoryIndexTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ManifestRecord Manifest(char hex, string? subject = null, string? artifactType = null) => new(
        "proj/app",
        ManifestSamples.Digest(hex),
        ManifestMediaTypes.OciManifest,
        artifactType,
        10,
        subject,
        [(byte)hex],
        [],
        null,
        At);

    /// <summary>An index holding manifest 'a' under the given tags.</summary>
    private static RepositoryIndex WithTags(params string[] tags)
    {
        var index = new RepositoryIndex();
        var record = Manifest('a');
        index.AddManifest(record);
        foreach (var tag in tags)
        {
            index.AddManifest(record, tag);
        }

        return index;
    }

    [Theory]
    [InlineData(null, null, new[] { "b", "d", "f" }, false)]
    [InlineData("a", null, new[] { "b", "d", "f" }, false)]
    [InlineData("c", null, new[] { "d", "f" }, false)]
    [InlineData("d", null, new[] { "f" }, false)]
    [InlineData("f", null, new string[0], false)]
    [InlineData("z", null, new string[0], false)]
    [InlineData(null, 2, new[] { "b", "d" }, true)]
    [InlineData(null, 3, new[] { "b", "d", "f" }, false)]
    [InlineData(null, 10, new[] { "b", "d", "f" }, false)]
    [InlineData("b", 1, new[] { "d" }, true)]
    [InlineData("b", 2, new[] { "d", "f" }, false)]
    [InlineData("e", 1, new[] { "f" }, false)]
    [InlineData(null, 0, new string[0], true)]
    [InlineData(null, -5, new string[0], true)]
    [InlineData("f", 0, new string[0], false)]
    public void ListTags_page_boundaries_return_expected_tags(string? last, int? limit, string[] expected, bool hasMore)
    {
        var index = WithTags("f", "b", "d");

        var page = index.ListTags(last, limit);

        Assert.Equal(expected, page.Tags);
        Assert.Equal(hasMore, page.HasMore);
    }

    [Fact]
    public void ListTags_empty_index_returns_empty_page_without_more()
    {
        var page = new RepositoryIndex().ListTags(null, 5);

        Assert.Empty(page.Tags);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void ListTags_orders_ordinally_uppercase_before_lowercase()
    {
        var index = WithTags("b", "a", "B", "1.0", "_x", "A");

        Assert.Equal(["1.0", "A", "B", "_x", "a", "b"], index.ListTags(null, null).Tags);
    }

    [Fact]
    public void ListTags_following_pages_visits_every_tag_once()
    {
        var tags = Enumerable.Range(0, 25).Select(i => $"t{i:D2}").ToArray();
        var index = WithTags(tags.Reverse().ToArray());
        var seen = new List<string>();
        string? last = null;

        while (true)
        {
            var page = index.ListTags(last, 7);
            seen.AddRange(page.Tags);
            if (!page.HasMore)
            {
                break;
            }

            last = page.Tags[^1];
        }

        Assert.Equal(tags, seen);
    }

    [Fact]
    public void AddManifest_with_tag_is_found_by_tag_and_digest()
    {
        var index = new RepositoryIndex();
        var record = Manifest('a');

        index.AddManifest(record, "v1");

        Assert.Same(record, index.FindByTag("v1")!.Record);
        Assert.Same(record, index.FindByDigest(record.Digest)!.Record);
        Assert.Equal(record.Content, index.FindByDigest(record.Digest)!.Content.Content);
        Assert.True(index.ContainsManifest(record.Digest));
        Assert.True(index.ContainsTag("v1"));
        Assert.Equal(1, index.ManifestCount);
    }

    [Fact]
    public void AddManifest_existing_tag_moves_it_to_new_digest()
    {
        var index = new RepositoryIndex();
        index.AddManifest(Manifest('a'), "latest");

        index.AddManifest(Manifest('b'), "latest");

        Assert.Equal(ManifestSamples.Digest('b'), index.FindByTag("latest")!.Record.Digest);
        Assert.Empty(index.TagsOf(ManifestSamples.Digest('a')));
        Assert.Equal(2, index.ManifestCount);
    }

    [Fact]
    public void RemoveManifest_removes_its_tags_and_referrer_entry_only()
    {
        var subject = ManifestSamples.SubjectDigest;
        var index = new RepositoryIndex();
        index.AddManifest(Manifest('a'), "keep");
        index.AddManifest(Manifest('b', subject), "sig");
        index.AddManifest(Manifest('b', subject), "sig-alias");
        index.AddManifest(Manifest('c', subject));

        index.RemoveManifest(ManifestSamples.Digest('b'));

        Assert.False(index.ContainsManifest(ManifestSamples.Digest('b')));
        Assert.False(index.ContainsTag("sig"));
        Assert.False(index.ContainsTag("sig-alias"));
        Assert.True(index.ContainsTag("keep"));
        Assert.Equal([ManifestSamples.Digest('c')], index.ReferrersOf(subject).Select(r => r.Digest));
    }

    [Fact]
    public void RemoveManifest_last_referrer_leaves_no_referrers()
    {
        var subject = ManifestSamples.SubjectDigest;
        var index = new RepositoryIndex();
        index.AddManifest(Manifest('b', subject));

        index.RemoveManifest(ManifestSamples.Digest('b'));

        Assert.Empty(index.ReferrersOf(subject));
        Assert.Equal(0, index.ManifestCount);
    }

    [Fact]
    public void RemoveManifest_unknown_digest_changes_nothing()
    {
        var index = WithTags("v1");

        index.RemoveManifest(ManifestSamples.Digest('f'));

        Assert.Equal(1, index.ManifestCount);
        Assert.True(index.ContainsTag("v1"));
    }

    [Fact]
    public void RemoveTag_keeps_manifest()
    {
        var index = WithTags("v1", "v2");

        Assert.True(index.RemoveTag("v1"));
        Assert.False(index.RemoveTag("v1"));

        Assert.Null(index.FindByTag("v1"));
        Assert.NotNull(index.FindByTag("v2"));
        Assert.True(index.ContainsManifest(ManifestSamples.Digest('a')));
    }

    [Fact]
    public void TagsOf_lists_every_tag_of_a_digest_in_order()
    {
        var index = WithTags("z", "m", "a");
        index.AddManifest(Manifest('b'), "other");

        Assert.Equal(["a", "m", "z"], index.TagsOf(ManifestSamples.Digest('a')));
    }

    [Fact]
    public void ReferrersOf_orders_by_digest_and_counts_repeated_push_once()
    {
        var subject = ManifestSamples.SubjectDigest;
        var index = new RepositoryIndex();
        index.AddManifest(Manifest('d', subject, "type/d"));
        index.AddManifest(Manifest('b', subject, "type/b"));
        index.AddManifest(Manifest('d', subject, "type/d"));
        index.AddManifest(Manifest('c'));

        var referrers = index.ReferrersOf(subject);

        Assert.Equal([ManifestSamples.Digest('b'), ManifestSamples.Digest('d')], referrers.Select(r => r.Digest));
        Assert.Empty(index.ReferrersOf(ManifestSamples.Digest('c')));
    }

    [Fact]
    public void Load_snapshot_restores_manifests_tags_and_referrers()
    {
        var subject = ManifestSamples.SubjectDigest;
        var snapshot = new RepositorySnapshot(
            [Manifest('a'), Manifest('b', subject)],
            [new TagRecord("v1", ManifestSamples.Digest('a'), At), new TagRecord("sig", ManifestSamples.Digest('b'), At)]);
        var index = new RepositoryIndex();

        index.Load(snapshot);

        Assert.Equal(2, index.ManifestCount);
        Assert.Equal(["sig", "v1"], index.ListTags(null, null).Tags);
        Assert.Equal(ManifestSamples.Digest('a'), index.FindByTag("v1")!.Record.Digest);
        Assert.Equal([ManifestSamples.Digest('b')], index.ReferrersOf(subject).Select(r => r.Digest));
    }

    [Fact]
    public void FindByTag_pointing_at_missing_manifest_returns_null()
    {
        var index = new RepositoryIndex();
        index.Load(new RepositorySnapshot([], [new TagRecord("dangling", ManifestSamples.Digest('a'), At)]));

        Assert.Null(index.FindByTag("dangling"));
        Assert.Null(index.FindByTag("absent"));
        Assert.Null(index.FindByDigest(ManifestSamples.Digest('a')));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public void RemoveMany_matches_removing_one_by_one_whether_it_rebuilds_the_tag_list_or_not(int tagCount)
    {
        RepositoryIndex Build()
        {
            var index = new RepositoryIndex();
            var a = Manifest('a');
            var b = Manifest('b');
            var c = Manifest('c');
            index.AddManifest(c, "c-only");
            for (var i = 0; i < tagCount; i++)
            {
                index.AddManifest(i % 2 == 0 ? a : b, "t" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }

            return index;
        }

        var oddTags = Enumerable.Range(0, tagCount).Where(i => i % 2 == 1).Select(i => "t" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var batched = Build();
        var single = Build();

        batched.RemoveMany([.. oddTags, "unknown"], [ManifestSamples.Digest('a')]);
        foreach (var tag in oddTags)
        {
            single.RemoveTag(tag);
        }

        single.RemoveManifest(ManifestSamples.Digest('a'));

        Assert.Equal(single.ListTags(null, null).Tags, batched.ListTags(null, null).Tags);
        Assert.Equal(["c-only"], batched.ListTags(null, null).Tags);
        Assert.False(batched.ContainsManifest(ManifestSamples.Digest('a')));
        Assert.Empty(batched.TagsOf(ManifestSamples.Digest('a')));
        Assert.Empty(batched.TagsOf(ManifestSamples.Digest('b')));
        Assert.Equal(["c-only"], batched.TagsOf(ManifestSamples.Digest('c')));
        Assert.DoesNotContain(ManifestSamples.Digest('b'), batched.TaggedDigests());

        // The rebuilt list still takes new tags in order.
        batched.AddManifest(Manifest('b'), "a-first");
        Assert.Equal(["a-first", "c-only"], batched.ListTags(null, null).Tags);
        Assert.Equal(["a-first"], batched.TagsOf(ManifestSamples.Digest('b')));
    }

    [Fact]
    public void Moving_a_tag_moves_it_between_the_digests_TagsOf_reports()
    {
        var index = WithTags("v1", "v2");
        index.AddManifest(Manifest('b'), "v1");

        Assert.Equal(["v2"], index.TagsOf(ManifestSamples.Digest('a')));
        Assert.Equal(["v1"], index.TagsOf(ManifestSamples.Digest('b')));
        Assert.True(index.RemoveTag("v1"));
        Assert.False(index.RemoveTag("v1"));
        Assert.Empty(index.TagsOf(ManifestSamples.Digest('b')));
    }
}
