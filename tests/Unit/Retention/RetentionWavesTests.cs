using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionWavesTests
{
    [Fact]
    public void Independent_deletions_share_the_first_wave_and_dependents_follow_their_anchors()
    {
        var tag = Deletion(RetentionDeletionKind.Tag, "sha256:kept", "latest");
        var index = Deletion(RetentionDeletionKind.Artifact, "sha256:index");
        var child = Deletion(RetentionDeletionKind.Artifact, "sha256:child", anchors: ["sha256:index"]);
        var childSignature = Deletion(RetentionDeletionKind.Artifact, "sha256:child-sig", anchors: ["sha256:child"]);
        var other = Deletion(RetentionDeletionKind.Artifact, "sha256:other");
        var anchoredOnKept = Deletion(RetentionDeletionKind.Artifact, "sha256:sig-of-kept", anchors: ["sha256:kept"]);

        var waves = RetentionWaves.Of([tag, index, child, childSignature, other, anchoredOnKept]);

        Assert.Equal(3, waves.Count);
        Assert.Equal([tag, index, other, anchoredOnKept], waves[0]);
        Assert.Equal([child], waves[1]);
        Assert.Equal([childSignature], waves[2]);
    }

    [Fact]
    public void No_deletions_make_no_waves() => Assert.Empty(RetentionWaves.Of([]));

    private static RetentionDeletion Deletion(RetentionDeletionKind kind, string digest, string? tag = null, IReadOnlyList<string>? anchors = null) =>
        new(kind, digest, tag, [tag ?? digest], anchors ?? []);
}
