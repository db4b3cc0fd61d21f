using System.Text;
using System.Text.Json.Serialization;
using ArtifactKeeper.HarborApi.Conventions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class HarborJsonBodyTests
{
    public sealed class Sample
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("count")]
        public int? Count { get; set; }
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Body = new MemoryStream(body);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static HttpRequest Request(string body) => Request(Encoding.UTF8.GetBytes(body));

    private static async Task<(int Status, string Body)> ExecuteAsync(IResult result, HttpRequest request)
    {
        await result.ExecuteAsync(request.HttpContext);
        var response = request.HttpContext.Response;
        response.Body.Position = 0;
        return (response.StatusCode, await new StreamReader(response.Body).ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_valid_body_ignores_unknown_fields()
    {
        var body = await HarborJsonBody.ReadAsync<Sample>(Request("""{"name":"a","count":2,"extra":{"x":[1]}}"""));

        Assert.Null(body.Error);
        Assert.Equal(("a", 2), (body.Value!.Name, body.Value.Count));
    }

    [Theory]
    [InlineData("{oops", "invalid JSON body")]
    [InlineData("""{"count":"two"}""", "$.count")]
    [InlineData("""{"count":"2"}""", "$.count")]
    [InlineData("""{"name":1}""", "$.name")]
    [InlineData("", "required")]
    [InlineData("null", "not null")]
    [InlineData("[]", "invalid JSON body")]
    public async Task ReadAsync_bad_body_is_400_bad_request_in_harbor_envelope(string json, string mention)
    {
        var request = Request(json);

        var body = await HarborJsonBody.ReadAsync<Sample>(request);

        Assert.Null(body.Value);
        var (status, text) = await ExecuteAsync(body.Error!, request);
        Assert.Equal(400, status);
        Assert.Contains("\"code\":\"BAD_REQUEST\"", text, StringComparison.Ordinal);
        Assert.Contains(mention, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_body_over_limit_is_rejected_without_a_content_length()
    {
        var big = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', HarborJsonBody.MaxBytes) + "\"}");
        var request = Request(big);

        var body = await HarborJsonBody.ReadAsync<Sample>(request);

        Assert.Equal(400, (await ExecuteAsync(body.Error!, request)).Status);
    }
}
