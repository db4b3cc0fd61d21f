using System.Text;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Tests.Unit.Replication.Remote;

/// <summary>AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, "service").</summary>
public sealed class AwsSigV4SignerTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void Get_vanilla_matches_the_test_suite()
    {
        var authorization = Sign("GET", "https://example.amazonaws.com/", [], "");

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            authorization);
    }

    [Fact]
    public void Post_vanilla_matches_the_test_suite()
    {
        var authorization = Sign("POST", "https://example.amazonaws.com/", [], "");

        Assert.EndsWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_headers_are_signed_in_order_with_their_values_as_sent()
    {
        var authorization = Sign("GET", "https://example.amazonaws.com/", [("My-Header1", "value2,value2,value1")], "");

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, " +
            "Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            authorization);
    }

    [Fact]
    public void Payload_and_query_change_the_signature()
    {
        var plain = Sign("POST", "https://example.amazonaws.com/", [], "");

        Assert.NotEqual(plain, Sign("POST", "https://example.amazonaws.com/", [], "{}"));
        Assert.NotEqual(plain, Sign("POST", "https://example.amazonaws.com/?Param1=value1", [], ""));
    }

    [Fact]
    public void Amz_date_is_the_compact_utc_form()
    {
        Assert.Equal("20150830T123600Z", AwsSigV4Signer.AmzDate(SigningTime.ToOffset(TimeSpan.FromHours(2))));
    }

    private static string Sign(string method, string url, (string Name, string Value)[] extra, string payload)
    {
        var uri = new Uri(url);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Host,
            ["x-amz-date"] = AwsSigV4Signer.AmzDate(SigningTime),
        };
        foreach (var (name, value) in extra)
        {
            headers[name] = value;
        }

        return AwsSigV4Signer.Authorization(method, uri, headers, Encoding.UTF8.GetBytes(payload), AccessKey, SecretKey, "us-east-1", "service", SigningTime);
    }
}
