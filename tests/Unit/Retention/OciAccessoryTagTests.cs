using ArtifactKeeper.Retention.Oci;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class OciAccessoryTagTests
{
    private static readonly string Hex = new string('a', 60) + "0f19";

    [Theory]
    [InlineData(".sig", "signature of")]
    [InlineData(".att", "attestation of")]
    [InlineData(".sbom", "SBOM of")]
    [InlineData("", "referrers index of")]
    public void Cosign_and_referrers_fallback_tags_name_their_subject(string suffix, string relation)
    {
        Assert.Equal(("sha256:" + Hex, relation), OciAccessoryTag.Parse("sha256-" + Hex + suffix));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("sha256-abc.sig")]
    [InlineData("sha512-aaaa.sig")]
    public void Other_tags_name_nothing(string tag)
    {
        Assert.Null(OciAccessoryTag.Parse(tag));
        Assert.Null(OciAccessoryTag.Parse("sha256-" + Hex + ".signature"));
        Assert.Null(OciAccessoryTag.Parse("sha256-" + Hex.ToUpperInvariant() + ".sig"));
    }
}
