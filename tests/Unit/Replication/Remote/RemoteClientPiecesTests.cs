using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ArtifactKeeper.Registry.Http;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Replication.Transfer.Remote.Types;

namespace ArtifactKeeper.Tests.Unit.Replication.Remote;

public sealed class RemoteClientPiecesTests
{
    [Fact]
    public void Bearer_challenge_reads_several_scopes_and_the_insufficient_scope_error()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation(
            "WWW-Authenticate",
            """Bearer realm="https://auth.test/token",service="registry.test",scope="repository:a/b:pull,push repository:c:pull",error="insufficient_scope" """);

        var challenge = BearerChallenge.Parse(response.Headers.WwwAuthenticate);

        Assert.NotNull(challenge);
        Assert.Equal("https://auth.test/token", challenge.Realm);
        Assert.Equal("registry.test", challenge.Service);
        Assert.Equal(["repository:a/b:pull,push", "repository:c:pull"], challenge.Scopes);
        Assert.True(challenge.InsufficientScope);
        Assert.False(BearerChallenge.HasBasic(response.Headers.WwwAuthenticate));
    }

    [Fact]
    public void Basic_challenge_is_recognised_and_is_no_bearer_challenge()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", """Basic realm="Registry Realm" """);

        Assert.True(BearerChallenge.HasBasic(response.Headers.WwwAuthenticate));
        Assert.Null(BearerChallenge.Parse(response.Headers.WwwAuthenticate));
    }

    [Fact]
    public void Challenge_parameters_take_quoted_and_bare_values()
    {
        var values = ChallengeParameters.Parse("""realm="https://x/t?a=1,b", service=reg ,scope="repository:x:pull" """);

        Assert.Equal("https://x/t?a=1,b", values["realm"]);
        Assert.Equal("reg", values["SERVICE"]);
        Assert.Equal("repository:x:pull", values["scope"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.MethodNotAllowed, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    public void Transient_answers_are_timeouts_throttling_and_server_errors(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, OciFailures.IsTransient(status));
    }

    [Fact]
    public async Task A_failed_answer_carries_its_status_code_retry_after_and_oci_error_code()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down","detail":null}]}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(17));

        var failure = await OciFailures.FromResponseAsync(response, "GET /v2/a/manifests/b", new FixedClock(now), TestContext.Current.CancellationToken);

        Assert.True(failure.Transient);
        Assert.Equal(HttpStatusCode.TooManyRequests, failure.StatusCode);
        Assert.Equal("TOOMANYREQUESTS", failure.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(17), failure.RetryAfter);
        Assert.Contains("slow down", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_after_as_a_date_is_the_time_left_and_never_negative()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(2), OciFailures.RetryAfter(new RetryConditionHeaderValue(now.AddMinutes(2)), now));
        Assert.Equal(TimeSpan.Zero, OciFailures.RetryAfter(new RetryConditionHeaderValue(now.AddMinutes(-2)), now));
        Assert.Null(OciFailures.RetryAfter(null, now));
    }

    [Fact]
    public void Error_bodies_that_are_not_oci_json_give_no_code()
    {
        Assert.Equal((null, null), OciFailures.ReadErrorBody("404 page not found\n"u8));
        Assert.Equal((null, null), OciFailures.ReadErrorBody("""{"message":"x"}"""u8));
        Assert.Equal(("DENIED", "no"), OciFailures.ReadErrorBody("""{"errors":[{"code":"DENIED","message":"no"}]}"""u8));
    }

    [Fact]
    public void A_transport_failure_is_transient_and_has_no_status()
    {
        var failure = OciFailures.FromTransport("GET /v2/", new HttpRequestException("Connection refused"));

        Assert.True(failure.Transient);
        Assert.Null(failure.StatusCode);
        Assert.Contains("Connection refused", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untrusted_certificate_is_a_lasting_failure_that_says_how_to_accept_it_while_other_tls_faults_stay_transient()
    {
        var untrusted = OciFailures.FromTransport("GET /v2/", new HttpRequestException(
            HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")));
        var reset = OciFailures.FromTransport("GET /v2/", new HttpRequestException(
            HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.", new IOException("reset by peer")));

        Assert.False(untrusted.Transient);
        Assert.Contains("TLS certificate is not trusted", untrusted.Message, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", untrusted.Message, StringComparison.Ordinal);
        Assert.Contains("insecure", untrusted.Message, StringComparison.Ordinal);
        Assert.True(reset.Transient);
    }

    [Fact]
    public void Link_next_resolves_relative_targets_against_the_request()
    {
        var request = new Uri("https://reg.test/v2/_catalog?n=2");

        Assert.Equal(
            new Uri("https://reg.test/v2/_catalog?last=b&n=2"),
            LinkHeader.Next(["</v2/_catalog?last=b&n=2>; rel=\"next\""], request));
        Assert.Equal(
            new Uri("https://other.test/page2"),
            LinkHeader.Next(["<https://other.test/prev>; rel=\"prev\", <https://other.test/page2>; rel=\"next\""], request));
        Assert.Equal(
            new Uri("https://reg.test/v2/x?a=1,2"),
            LinkHeader.Next(["</v2/x?a=1,2>; title=\"a, b\"; rel=next"], request));
        Assert.Null(LinkHeader.Next(["</v2/_catalog?last=b>; rel=\"prev\""], request));
        Assert.Null(LinkHeader.Next([], request));
    }

    [Theory]
    [InlineData("nginx", "library/nginx")]
    [InlineData("library/nginx", "library/nginx")]
    [InlineData("bitnami/redis", "bitnami/redis")]
    public void Docker_hub_puts_single_component_names_under_library(string name, string remote)
    {
        Assert.Equal(remote, new DockerHubRules().RemoteName(name));
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "eu-west-1")]
    [InlineData("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("registry.example.com", null)]
    [InlineData("12345.dkr.ecr.eu-west-1.amazonaws.com", null)]
    public void Ecr_region_comes_from_the_registry_host(string host, string? region)
    {
        Assert.Equal(region, AwsEcrRules.Region(host));
    }

    [Fact]
    public void Every_endpoint_type_has_rules_and_adapter_info()
    {
        var catalog = new RegistryAdapterCatalog();
        foreach (var type in RegistryEndpointTypes.All)
        {
            Assert.Equal(type, RegistryTypes.Find(type)?.Type);
            var info = catalog.Find(type);
            Assert.NotNull(info);
            Assert.Contains("name", info.SupportedResourceFilters);
            Assert.Contains("manual", info.SupportedTriggers);
            Assert.NotEmpty(info.CredentialTypes);
        }

        Assert.Null(RegistryTypes.Find("nexus"));
        Assert.Null(catalog.Find("nexus"));
    }

    [Fact]
    public void Registry_root_keeps_scheme_and_authority_and_refuses_other_urls()
    {
        Assert.Equal(new Uri("https://reg.test:5443/"), RegistryTypeRules.Root(" https://reg.test:5443/some/path "));
        Assert.Throws<OciRegistryException>(() => RegistryTypeRules.Root("ftp://reg.test"));
        Assert.Throws<OciRegistryException>(() => RegistryTypeRules.Root("reg.test"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
