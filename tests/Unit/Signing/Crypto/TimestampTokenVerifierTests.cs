using System.Security.Cryptography.X509Certificates;
using System.Text;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Signing.Crypto;

/// <summary>RFC 3161 tokens from notation-go's test data: each stamps the 8 ASCII bytes "notation" (MANIFEST.md).</summary>
public sealed class TimestampTokenVerifierTests
{
    private const string Tokens = "signing/notation/notation-go/timestamp/countersignature/";
    private static readonly byte[] Stamped = Encoding.ASCII.GetBytes("notation");

    private static X509Certificate2 GlobalSignRoot() =>
        X509CertificateLoader.LoadCertificate(SharedFixtures.Bytes("signing/notation/notation-go/truststore/x509/tsa/test-timestamp/globalsignRoot.cer"));

    [Fact]
    public void Valid_token_verifies_against_its_tsa_root_and_reports_the_stamped_time()
    {
        using var root = GlobalSignRoot();

        var result = TimestampTokenVerifier.Verify(SharedFixtures.Bytes(Tokens + "TimeStampToken.p7s"), Stamped, [root], []);

        Assert.True(result.IsValid, result.Error);
        Assert.NotNull(result.Signer);
        Assert.True(result.Time.Year >= 2021, $"stamped at {result.Time:O}");
    }

    [Fact]
    public void Valid_token_does_not_cover_other_bytes()
    {
        using var root = GlobalSignRoot();

        var result = TimestampTokenVerifier.Verify(SharedFixtures.Bytes(Tokens + "TimeStampToken.p7s"), Encoding.ASCII.GetBytes("notatiom"), [root], []);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Valid_token_is_refused_when_its_tsa_root_is_not_trusted()
    {
        using var digiCert = X509CertificateLoader.LoadCertificate(SharedFixtures.Bytes("signing/notation/notation-core-go/timestamp/tsaRootCert.cer"));

        var result = TimestampTokenVerifier.Verify(SharedFixtures.Bytes(Tokens + "TimeStampToken.p7s"), Stamped, [digiCert], []);

        Assert.False(result.IsValid);
        Assert.StartsWith("timestamp authority:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Tokens + "TimeStampTokenWithInvalidTSTInfo.p7s")]
    [InlineData(Tokens + "TimeStampTokenWithInvalideContentType.p7s")]
    [InlineData(Tokens + "TimeStampTokenWithoutCertificate.p7s")]
    [InlineData("signing/notation/notation-core-go/timestamp/TimeStampTokenWithInvalidSignature.p7s")]
    public void Broken_tokens_are_refused(string token)
    {
        using var root = GlobalSignRoot();

        var result = TimestampTokenVerifier.Verify(SharedFixtures.Bytes(token), Stamped, [root], []);

        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
