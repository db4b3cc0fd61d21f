using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>An HttpClient speaking the OCI distribution API, with helpers that push blobs and images.</summary>
public sealed class RegistryClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh repository name under <paramref name="project"/>.</summary>
    public static string UniqueRepo(string project = "library") => $"{project}/t{Guid.NewGuid():N}"[..(project.Length + 14)];

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Http.BaseAddress!, path)) { Content = content };
        configure?.Invoke(request);
        return Http.SendAsync(request, Ct);
    }

    public Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Get, path, null, configure);

    public Task<HttpResponseMessage> HeadAsync(string path) => SendAsync(HttpMethod.Head, path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public static ByteArrayContent Bytes(byte[] content, string mediaType = "application/octet-stream")
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return body;
    }

    /// <summary>POST to open an upload; asserts 202 and returns the Location (absolute).</summary>
    public async Task<Uri> StartUploadAsync(string repo)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/");
        OciAssert.Status(response, HttpStatusCode.Accepted);
        return new Uri(Http.BaseAddress!, response.Headers.Location!);
    }

    /// <summary>Appends <paramref name="digest"/> as a query parameter to an upload Location.</summary>
    public static string WithDigest(Uri location, string digest) =>
        location.PathAndQuery + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(digest);

    /// <summary>Pushes <paramref name="content"/> monolithically (POST then PUT); asserts 201 and returns its digest.</summary>
    public async Task<string> PushBlobAsync(string repo, byte[] content)
    {
        var digest = Manifests.Digest(content);
        var location = await StartUploadAsync(repo);
        using var response = await SendAsync(HttpMethod.Put, WithDigest(location, digest), Bytes(content));
        OciAssert.Status(response, HttpStatusCode.Created);
        return digest;
    }

    public Task<HttpResponseMessage> PutManifestAsync(string repo, string reference, byte[] manifest, string mediaType) =>
        SendAsync(HttpMethod.Put, $"/v2/{repo}/manifests/{reference}", Bytes(manifest, mediaType));

    /// <summary>PUTs a manifest, asserts 201 and returns its digest.</summary>
    public async Task<string> PushManifestAsync(string repo, string reference, byte[] manifest, string mediaType)
    {
        using var response = await PutManifestAsync(repo, reference, manifest, mediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"manifest PUT got {(int)response.StatusCode}: {body}");
        Assert.Equal(Manifests.Digest(manifest), OciAssert.Header(response, "Docker-Content-Digest"));
        return Manifests.Digest(manifest);
    }

    /// <summary>Pushes a config, one random layer and an image manifest (OCI or Docker schema 2).</summary>
    public async Task<PushedImage> PushImageAsync(string repo, string? tag, string mediaType = Manifests.OciManifest, string? configText = null)
    {
        var docker = mediaType == Manifests.DockerManifest;
        var config = System.Text.Encoding.UTF8.GetBytes(configText ?? $"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"{Guid.NewGuid():N}\"}}");
        var layer = Manifests.RandomBytes(1024 + Random.Shared.Next(2048));
        var configDigest = await PushBlobAsync(repo, config);
        var layerDigest = await PushBlobAsync(repo, layer);
        var manifest = Manifests.Image(
            Manifests.Descriptor(docker ? Manifests.DockerConfig : Manifests.OciConfig, config),
            [Manifests.Descriptor(docker ? Manifests.DockerLayer : Manifests.OciLayer, layer)],
            mediaType);
        var digest = await PushManifestAsync(repo, tag ?? Manifests.Digest(manifest), manifest, mediaType);
        return new PushedImage(repo, tag, digest, manifest, mediaType, configDigest, layerDigest, layer, config);
    }

    /// <summary>The tag list of <paramref name="repo"/>, or null when the registry answers 404.</summary>
    public async Task<IReadOnlyList<string>?> TagsAsync(string repo)
    {
        using var response = await GetAsync($"/v2/{repo}/tags/list");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await JsonAsync(response);
        return json["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return JsonNode.Parse(body) ?? throw new JsonException("empty body");
    }

    /// <summary>Asks the token server for a token with the given scopes, as this client's caller.</summary>
    public async Task<string> TokenAsync(params string[] scopes)
    {
        var query = string.Join("&", scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        using var response = await GetAsync($"/service/token?service=artifactkeeper&{query}");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await JsonAsync(response))["token"]!.GetValue<string>();
    }

    public void Dispose() => Http.Dispose();
}
