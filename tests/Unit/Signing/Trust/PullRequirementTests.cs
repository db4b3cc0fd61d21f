using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.Tests.Unit.Signing.Trust;

public sealed class PullRequirementTests
{
    private const string Digest = "sha256:subject";

    private static SignatureVerdict Cosign(bool verified, string reason = "r") => new(SignatureKind.Cosign, "sha256:sig", verified, null, null, reason);

    private static SignatureVerdict Notation(bool verified) => new(SignatureKind.Notation, "sha256:nv", verified, null, null, "bad chain");

    [Fact]
    public void Nothing_required_allows_anything()
    {
        Assert.True(PullRequirement.Decide(Digest, [], false, false).Allowed);
    }

    [Fact]
    public void Cosign_required_without_any_signature_names_what_is_missing()
    {
        var verdict = PullRequirement.Decide(Digest, [], true, false);

        Assert.False(verdict.Allowed);
        Assert.Equal("artifact sha256:subject has no cosign signature verified by the project's policy: no cosign signature found", verdict.Message);
    }

    [Fact]
    public void Unverified_signatures_give_their_reasons()
    {
        var verdict = PullRequirement.Decide(Digest, [Cosign(false, "signature does not verify with any trusted key")], true, false);

        Assert.False(verdict.Allowed);
        Assert.Contains("sha256:sig: signature does not verify with any trusted key", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_verified_signature_of_the_family_suffices()
    {
        Assert.True(PullRequirement.Decide(Digest, [Cosign(false), Cosign(true)], true, false).Allowed);
    }

    [Fact]
    public void Both_families_on_require_both_as_Harbor_does()
    {
        var onlyCosign = PullRequirement.Decide(Digest, [Cosign(true), Notation(false)], true, true);
        var both = PullRequirement.Decide(Digest, [Cosign(true), Notation(true)], true, true);

        Assert.False(onlyCosign.Allowed);
        Assert.StartsWith("artifact sha256:subject has no notation signature", onlyCosign.Message, StringComparison.Ordinal);
        Assert.True(both.Allowed);
    }

    [Fact]
    public void A_notation_signature_does_not_satisfy_a_cosign_requirement()
    {
        Assert.False(PullRequirement.Decide(Digest, [Notation(true)], true, false).Allowed);
    }
}
