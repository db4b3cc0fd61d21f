using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Gc;

public sealed class UntaggedManifestsTests
{
    private static readonly DateTimeOffset Old = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Old.AddHours(2);

    [Fact]
    public void Tags_reach_index_children_referrers_and_subjects()
    {
        var index = new RepositoryIndex();
        index.AddManifest(Record("sha256:index", references: [new("sha256:child", ReferenceKind.Manifest)]), "multi");
        index.AddManifest(Record("sha256:child"));
        index.AddManifest(Record("sha256:child-sig", subject: "sha256:child"));
        index.AddManifest(Record("sha256:sig-of-sig", subject: "sha256:child-sig"));
        index.AddManifest(Record("sha256:subject"));
        index.AddManifest(Record("sha256:tagged-sbom", subject: "sha256:subject"), "sbom");
        index.AddManifest(Record("sha256:orphan"));
        index.AddManifest(Record("sha256:dangling-sig", subject: "sha256:absent"));

        var collectable = UntaggedManifests.FindCollectable(index, Cutoff).Select(m => m.Record.Digest);

        Assert.Equal(["sha256:dangling-sig", "sha256:orphan"], collectable);
    }

    [Fact]
    public void Manifests_pushed_since_the_cutoff_are_kept_with_everything_they_reach()
    {
        var index = new RepositoryIndex();
        index.AddManifest(Record("sha256:young-index", pushedAt: Cutoff, references: [new("sha256:old-child", ReferenceKind.Manifest)]));
        index.AddManifest(Record("sha256:old-child"));
        index.AddManifest(Record("sha256:old-untagged"));

        var collectable = UntaggedManifests.FindCollectable(index, Cutoff).Select(m => m.Record.Digest);

        Assert.Equal(["sha256:old-untagged"], collectable);
    }

    [Fact]
    public void A_tagged_index_with_an_absent_child_keeps_the_child_stored_later_and_collects_only_the_unreached()
    {
        var index = new RepositoryIndex();
        index.AddManifest(Record("sha256:index", references: [new("sha256:pulled", ReferenceKind.Manifest), new("sha256:never-pulled", ReferenceKind.Manifest)]), "multi");
        index.AddManifest(Record("sha256:pulled"));
        index.AddManifest(Record("sha256:unrelated"));

        var collectable = UntaggedManifests.FindCollectable(index, Cutoff).Select(m => m.Record.Digest);

        Assert.Equal(["sha256:unrelated"], collectable);
    }

    [Fact]
    public void Removing_a_tag_makes_its_manifest_collectable()
    {
        var index = new RepositoryIndex();
        index.AddManifest(Record("sha256:a"), "v1");
        Assert.Empty(UntaggedManifests.FindCollectable(index, Cutoff));

        index.RemoveTag("v1");

        Assert.Equal("sha256:a", Assert.Single(UntaggedManifests.FindCollectable(index, Cutoff)).Record.Digest);
    }

    [Fact]
    public void Blob_references_are_counted_across_manifests()
    {
        var index = new RepositoryIndex();
        index.AddManifest(Record("sha256:one", references: [new("sha256:shared", ReferenceKind.Blob), new("sha256:only-one", ReferenceKind.Blob)]));
        index.AddManifest(Record("sha256:two", references: [new("sha256:shared", ReferenceKind.Blob)]));
        index.AddManifest(Record("sha256:one", references: [new("sha256:shared", ReferenceKind.Blob), new("sha256:only-one", ReferenceKind.Blob)]), "again");

        index.RemoveManifest("sha256:one");

        Assert.True(index.ReferencesBlob("sha256:shared"));
        Assert.False(index.ReferencesBlob("sha256:only-one"));
        index.RemoveManifest("sha256:two");
        Assert.False(index.ReferencesBlob("sha256:shared"));
    }

    [Fact]
    public void Blobs_released_by_manifests_are_those_only_they_reference()
    {
        var index = new RepositoryIndex();
        var one = Record("sha256:one", references: [new("sha256:shared", ReferenceKind.Blob), new("sha256:only-one", ReferenceKind.Blob), new("sha256:child", ReferenceKind.Manifest)]);
        var two = Record("sha256:two", references: [new("sha256:shared", ReferenceKind.Blob), new("sha256:only-two", ReferenceKind.Blob)]);
        var kept = Record("sha256:kept", references: [new("sha256:shared", ReferenceKind.Blob)]);
        index.AddManifest(one);
        index.AddManifest(two);
        index.AddManifest(kept);

        Assert.Equal(["sha256:only-one"], index.BlobsReleasedBy([one]));
        Assert.Equal(["sha256:only-one", "sha256:only-two"], index.BlobsReleasedBy([one, two]).Order(StringComparer.Ordinal));
        Assert.Equal(["sha256:only-one", "sha256:only-two", "sha256:shared"], index.BlobsReleasedBy([one, two, kept]).Order(StringComparer.Ordinal));
    }

    private static ManifestRecord Record(string digest, string? subject = null, IReadOnlyList<ManifestReference>? references = null, DateTimeOffset? pushedAt = null) =>
        new("lib/app", digest, "application/vnd.oci.image.manifest.v1+json", null, 10, subject, [], references ?? [], null, pushedAt ?? Old);
}
