using System.Net;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Manifest pulls as a content-trust gate judges them, and the 412 it answers when it refuses.</summary>
public static class ContentTrustPulls
{
    public static Task<HttpResponseMessage> PullAsync(
        RegistryClient client, string repository, string reference, Action<HttpRequestMessage>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetAsync($"/v2/{repository}/manifests/{reference}", configure);
    }

    /// <summary>Asserts a 412 <c>DENIED</c> in OCI error shape and returns its message.</summary>
    public static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var error = (await RegistryClient.JsonAsync(response))["errors"]![0]!;
        Assert.Equal("DENIED", error["code"]!.GetValue<string>());
        return error["message"]!.GetValue<string>();
    }
}
