using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class AccessoryTagsTests
{
    private const string Subject = "sha256:4a5f3c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a";

    [Fact]
    public void The_referrers_tag_replaces_the_colon_with_a_dash() =>
        Assert.Equal("sha256-4a5f3c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a", AccessoryTags.ReferrersTag(Subject));

    [Fact]
    public void Cosign_legacy_tags_are_the_referrers_tag_with_sig_att_and_sbom() =>
        Assert.Equal(
            [
                "sha256-4a5f3c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a.sig",
                "sha256-4a5f3c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a.att",
                "sha256-4a5f3c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a.sbom",
            ],
            AccessoryTags.CosignTags(Subject));

    [Fact]
    public void Every_accessory_tag_is_a_valid_tag() =>
        Assert.All(AccessoryTags.CosignTags(Subject).Append(AccessoryTags.ReferrersTag(Subject)), tag => Assert.True(ArtifactKeeper.Registry.OciGrammar.IsValidTag(tag), tag));
}
