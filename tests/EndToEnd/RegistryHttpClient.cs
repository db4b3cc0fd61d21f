using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>Raw OCI distribution API calls over HttpClient, optionally with HTTP Basic credentials.</summary>
public sealed class RegistryHttpClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client for <paramref name="server"/>; anonymous unless <paramref name="authenticated"/>.</summary>
    public RegistryHttpClient(RegistryServer server, bool authenticated = true)
        : this(server.BaseAddress, authenticated ? server.AdminCredentials : null)
    {
    }

    /// <summary>A client for the registry at <paramref name="baseAddress"/>; anonymous when <paramref name="credentials"/> (user:password) is null.</summary>
    public RegistryHttpClient(Uri baseAddress, string? credentials)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (credentials is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    /// <summary>The underlying client, for requests the helpers below do not cover.</summary>
    public HttpClient Http => _http;

    /// <summary>POST /v2/&lt;name&gt;/blobs/uploads/ and returns the upload Location (absolute).</summary>
    public async Task<Uri> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), null, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.Accepted, cancellationToken);
        return Location(response);
    }

    /// <summary>PATCH one chunk to an upload session; returns the next Location.</summary>
    public async Task<Uri> PatchAsync(Uri location, byte[] chunk, long offset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(chunk) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunk.Length - 1}");
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.Accepted, cancellationToken);
        return Location(response);
    }

    /// <summary>Monolithic upload: POST, then PUT ?digest= with the whole body.</summary>
    public async Task PushBlobAsync(string repository, OciBlob blob, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(repository, cancellationToken);
        using var content = new ByteArrayContent(blob.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.PutAsync(WithDigest(location, blob.Descriptor.Digest), content, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.Created, cancellationToken);
    }

    /// <summary>PUT /v2/&lt;name&gt;/manifests/&lt;reference&gt;; returns the 201 response (caller disposes).</summary>
    public async Task<HttpResponseMessage> PutManifestAsync(
        string repository, string reference, OciBlob manifest, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(manifest.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue(manifest.Descriptor.MediaType);
        var response = await _http.PutAsync(new Uri($"v2/{repository}/manifests/{reference}", UriKind.Relative), content, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.Created, cancellationToken);
        return response;
    }

    /// <summary>Uploads every blob of <paramref name="image"/> and its manifest under <paramref name="tag"/>.</summary>
    public async Task PushImageAsync(string repository, string tag, TestImage image, CancellationToken cancellationToken)
    {
        foreach (var blob in image.Blobs)
        {
            await PushBlobAsync(repository, blob, cancellationToken);
        }

        using var response = await PutManifestAsync(repository, tag, image.Manifest, cancellationToken);
    }

    /// <summary>GET a path relative to the server root with an optional Accept header.</summary>
    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken, params string[] accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        foreach (var mediaType in accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        return SendAndDisposeRequestAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _http.SendAsync(request, cancellationToken);
        }
    }

    private Uri Location(HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} returned no Location.");
        return location.IsAbsoluteUri ? location : new Uri(_http.BaseAddress!, location);
    }

    private static Uri WithDigest(Uri location, string digest)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        return new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
    }

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} returned {(int)response.StatusCode} (expected {(int)expected}): {body}");
        }
    }
}
