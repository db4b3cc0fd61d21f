using System.Security.Cryptography;
using ArtifactKeeper.Registry.Http;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;

namespace ArtifactKeeper.Tests.Unit.Scanning.Adapter;

public sealed class AdapterClientPiecesTests
{
    [Fact]
    public void BearerChallenge_reads_realm_service_and_scope()
    {
        var challenge = BearerChallenge.Parse("""realm="http://127.0.0.1:5000/service/token",service="harbor-registry",scope="repository:p/app:pull" """);

        Assert.Equal(new BearerChallenge("http://127.0.0.1:5000/service/token", "harbor-registry", "repository:p/app:pull"), challenge);
        Assert.Null(BearerChallenge.Parse("""service="x" """));
        Assert.Null(BearerChallenge.Parse("""realm="not a url" """));
    }

    [Fact]
    public async Task DigestVerifyingStream_passes_matching_bytes_and_throws_at_the_end_of_others()
    {
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

        await using (var good = new DigestVerifyingStream(new MemoryStream(bytes), digest, null, Fail))
        {
            using var copy = new MemoryStream();
            await good.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(bytes, copy.ToArray());
        }

        bytes[12345] ^= 1;
        await using var bad = new DigestVerifyingStream(new MemoryStream(bytes), digest, null, Fail);
        await Assert.ThrowsAsync<ArtifactContentException>(() => bad.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
        Assert.False(DigestVerifyingStream.Matches(digest, bytes));
        Assert.Throws<ArtifactContentException>(() => new DigestVerifyingStream(new MemoryStream(), "md5:abc", null, Fail));
    }

    private static ArtifactContentException Fail(string message) => new(message);

    [Theory]
    [InlineData("trivy", "http://trivy:8080", "", null, null)]
    [InlineData("trivy", "https://trivy", "Bearer", "token", null)]
    [InlineData("trivy", "trivy+cli:///usr/bin/trivy", "", null, null)]
    [InlineData("", "http://trivy", "", null, "name is required")]
    [InlineData("trivy", "ftp://trivy", "", null, "url must be")]
    [InlineData("trivy", "trivy+cli://", "", null, "url must be")]
    [InlineData("trivy", "trivy+cli:///usr/bin/trivy?server=http%3A%2F%2Ftrivy%3A4954", "Bearer", "token", null)]
    [InlineData("trivy", "trivy+cli:///usr/bin/trivy?server=ftp%3A%2F%2Ftrivy", "", null, "url must be trivy+cli:///path/to/trivy[?server=<Trivy server URL>]: server must be")]
    [InlineData("trivy", "http://trivy", "Digest", "x", "auth must be")]
    [InlineData("trivy", "http://trivy", "Bearer", "", "access_credential is required")]
    [InlineData("trivy", "http://trivy", "Basic", "nocolon", "access_credential of Basic")]
    [InlineData("trivy", "http://trivy", "X-ScannerAdapter-API-Key", "k", null)]
    public void ScannerRegistrationRules_check_name_url_and_auth(string name, string url, string auth, string? credential, string? error)
    {
        var result = ScannerRegistrationRules.Check(name, url, auth, credential);
        if (error is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.StartsWith(error, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AdapterEndpoint_builds_the_header_each_auth_kind_asks_for_and_never_prints_it()
    {
        var url = new Uri("http://adapter:8080/");

        Assert.Equal(("Authorization", "Basic dTpw"), Header(AdapterEndpoint.For(url, "Basic", "u:p")));
        Assert.Equal(("Authorization", "Bearer t"), Header(AdapterEndpoint.For(url, "Bearer", "t")));
        Assert.Equal(("X-ScannerAdapter-API-Key", "k"), Header(AdapterEndpoint.For(url, "X-ScannerAdapter-API-Key", "k")));
        Assert.Equal((null, null), Header(AdapterEndpoint.For(url, "", null)));
        Assert.Equal(new Uri("http://adapter:8080/api/v1/metadata"), AdapterEndpoint.For(url, "", null).Path("metadata"));
        Assert.DoesNotContain("secret", AdapterEndpoint.For(url, "Bearer", "secret").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", new ScanCredential(1, "robot$p+scanner-1", "hunter2", DateTimeOffset.UnixEpoch).ToString(), StringComparison.Ordinal);

        static (string?, string?) Header(AdapterEndpoint endpoint) => (endpoint.AuthHeader, endpoint.AuthValue);
    }
}
