using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Bearer tokens that must not work: another service's, forged, unsigned, expired, not yet valid, malformed,
/// oversized. Each gets 401 UNAUTHORIZED with the Bearer challenge, and the push it tried leaves nothing behind.
/// </summary>
public sealed class BadTokenTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Realm = "Bearer realm=\"http://localhost/service/token\",service=\"artifactkeeper\"";

    public static TheoryData<string> Cases =>
    [
        "other-audience", "other-key", "alg-none", "alg-hs512", "expired", "not-yet-valid", "other-issuer",
        "garbage", "two-parts", "empty-signature", "oversized", "refresh-token-as-access-token",
    ];

    private async Task<string> TokenAsync(string kind, string repo)
    {
        var signer = await factory.Services.GetRequiredService<RegistryTokenService>().GetSignerAsync(TestContext.Current.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        IReadOnlyList<TokenAccess> push = [new TokenAccess("repository", repo, ["pull", "push"])];
        RegistryTokenClaims Claims(string audience, DateTimeOffset issued, DateTimeOffset expires) => new("admin", audience, issued, expires, push);
        var payload = $$"""{"iss":"{{RegistryTokenService.Issuer}}","sub":"admin","aud":"{{RegistryTokenService.Service}}","iat":{{now.ToUnixTimeSeconds()}},"exp":{{now.AddMinutes(5).ToUnixTimeSeconds()}},"access":[{"type":"repository","name":"{{repo}}","actions":["pull","push"]}]}""";
        return kind switch
        {
            "other-audience" => signer.Issue(Claims("another-registry", now, now.AddMinutes(5))),
            "other-key" => new RegistryTokenSigner(RandomNumberGenerator.GetBytes(32), RegistryTokenService.Issuer).Issue(Claims(RegistryTokenService.Service, now, now.AddMinutes(5))),
            "alg-none" => Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(payload) + ".",
            "alg-hs512" => HandSigned("""{"alg":"HS512","typ":"JWT"}""", payload),
            "expired" => signer.Issue(Claims(RegistryTokenService.Service, now.AddHours(-2), now.AddHours(-1))),
            "not-yet-valid" => signer.Issue(Claims(RegistryTokenService.Service, now.AddHours(1), now.AddHours(2))),
            "other-issuer" => new RegistryTokenSigner(RandomNumberGenerator.GetBytes(32), "someone-else").Issue(Claims(RegistryTokenService.Service, now, now.AddMinutes(5))),
            "garbage" => "not a token at all",
            "two-parts" => Encode("""{"alg":"HS256"}""") + "." + Encode(payload),
            "empty-signature" => Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Encode(payload) + ".",
            "oversized" => Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + new string('A', 100_000) + "." + new string('A', 43),
            "refresh-token-as-access-token" => await RefreshTokenAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    // Signed with a key the test does not know is the server's: proves an unsupported alg is refused
    // before any signature question arises.
    private static string HandSigned(string header, string payload)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA512.HashData(RandomNumberGenerator.GetBytes(64), Encoding.ASCII.GetBytes(input)));
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private async Task<string> RefreshTokenAsync()
    {
        using var admin = factory.Admin();
        using var response = await admin.GetAsync("/service/token?service=artifactkeeper&client_id=http-tests&offline_token=true");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response))["refresh_token"]?.GetValue<string>() ?? "no-refresh-token";
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Push_with_bad_token_returns_401_with_challenge_and_creates_nothing(string kind)
    {
        var repo = RegistryClient.UniqueRepo();
        using var bearer = factory.Bearer(await TokenAsync(kind, repo));
        var content = Manifests.RandomBytes(10);
        var digest = Manifests.Digest(content);

        using var response = await bearer.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={digest}", RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal($"{Realm},scope=\"repository:{repo}:pull,push\"", OciAssert.Header(response, "WWW-Authenticate"));
        using var admin = factory.Admin();
        using var blob = await admin.HeadAsync($"/v2/{repo}/blobs/{digest}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
        Assert.Null(await admin.TagsAsync(repo));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Base_with_bad_token_returns_401_with_challenge(string kind)
    {
        using var bearer = factory.Bearer(await TokenAsync(kind, RegistryClient.UniqueRepo()));

        using var response = await bearer.GetAsync("/v2/");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(Realm, OciAssert.Header(response, "WWW-Authenticate"));
    }

    [Fact]
    public async Task Valid_token_of_the_same_shape_is_accepted()
    {
        var repo = RegistryClient.UniqueRepo();
        var signer = await factory.Services.GetRequiredService<RegistryTokenService>().GetSignerAsync(TestContext.Current.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        using var bearer = factory.Bearer(signer.Issue(new RegistryTokenClaims(
            "admin", RegistryTokenService.Service, now, now.AddMinutes(5), [new TokenAccess("repository", repo, ["pull", "push"])])));

        await bearer.PushImageAsync(repo, "v1");
    }
}
