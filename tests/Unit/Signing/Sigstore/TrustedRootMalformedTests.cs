using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

public sealed class TrustedRootMalformedTests
{
    [Theory]
    [InlineData("""{"tlogs":[{"baseUrl":"https://rekor.example.test","logId":{"keyId":"AAAA"}}]}""")]
    [InlineData("""{"certificateAuthorities":[{"certChain":{"certificates":[{"rawBytes":"bm90IGEgY2VydA=="}]}}]}""")]
    [InlineData("[1,2]")]
    [InlineData("{")]
    public void A_trusted_root_missing_or_mangling_what_the_verifier_reads_is_refused_with_a_reason(string json)
    {
        Assert.False(TrustedRoot.TryParse(json, out var root, out var error));
        Assert.Null(root);
        Assert.StartsWith("the trusted root", error, StringComparison.Ordinal);
    }
}
