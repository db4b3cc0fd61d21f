using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ArtifactKeeper.Registry.Http;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// An artifact in a remote registry, read over the distribution API: manifests by digest (with an Accept for the OCI
/// and Docker types), blobs streamed. Every byte is checked against its digest: a manifest before it is returned, a
/// blob as the stream reaches its end (a mismatch throws <see cref="ArtifactContentException"/> from the read).
/// Requests carry the scan request's <c>Authorization</c>; a 401 with a Bearer challenge is answered once by asking
/// the challenge's token endpoint (with that Authorization when it is Basic) and retrying with the token.
/// </summary>
public sealed class RemoteArtifactContent(HttpClient http, Uri registry, string repository, string? authorization) : IArtifactContent
{
    /// <summary>Manifests larger than this are refused (the distribution spec's recommended minimum limit is 4 MiB).</summary>
    public const int MaxManifestBytes = ManifestAccept.MaxManifestBytes;

    private static IReadOnlyList<string> ManifestTypes => ManifestAccept.All;

    private string? _bearer;

    public async Task<ManifestContent> GetManifestAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"manifests/{digest}", ManifestTypes, cancellationToken);
        var length = response.Content.Headers.ContentLength;
        if (length > MaxManifestBytes)
        {
            throw new ArtifactContentException($"manifest {digest} is larger than {MaxManifestBytes} bytes");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length > MaxManifestBytes)
        {
            throw new ArtifactContentException($"manifest {digest} is larger than {MaxManifestBytes} bytes");
        }

        if (!DigestVerifyingStream.Matches(digest, bytes))
        {
            throw new ArtifactContentException($"manifest {digest} from {registry} does not match its digest");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? ManifestTypes[0];
        return new ManifestContent(mediaType, bytes);
    }

    public async Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken)
    {
        var response = await SendAsync($"blobs/{digest}", [], cancellationToken);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new DigestVerifyingStream(body, digest, response, message => new ArtifactContentException(message));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, IReadOnlyList<string> accept, CancellationToken cancellationToken)
    {
        var url = new Uri(registry, $"/v2/{repository}/{path}");
        var response = await SendOnceAsync(url, accept, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _bearer is null &&
            BearerChallenge.Parse(response.Headers.WwwAuthenticate) is { } challenge)
        {
            response.Dispose();
            _bearer = await FetchTokenAsync(challenge, cancellationToken);
            response = await SendOnceAsync(url, accept, cancellationToken);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = (int)response.StatusCode;
        response.Dispose();
        throw new ArtifactContentException($"GET {url.AbsolutePath} answered {status}");
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Uri url, IReadOnlyList<string> accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var type in accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        var auth = _bearer is not null ? "Bearer " + _bearer : authorization;
        if (!string.IsNullOrEmpty(auth))
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ArtifactContentException($"registry {registry} cannot be reached: {e.Message}", e);
        }
    }

    private async Task<string> FetchTokenAsync(BearerChallenge challenge, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(challenge.Service));
        }

        if (challenge.Scope is not null)
        {
            query.Add("scope=" + Uri.EscapeDataString(challenge.Scope));
        }

        var separator = challenge.Realm.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        using var request = new HttpRequestMessage(HttpMethod.Get, challenge.Realm + (query.Count == 0 ? string.Empty : separator + string.Join('&', query)));
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ArtifactContentException($"the registry's token endpoint answered {(int)response.StatusCode}");
            }

            var json = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken);
            return json?.Token ?? json?.AccessToken ?? throw new ArtifactContentException("the registry's token endpoint sent no token");
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            throw new ArtifactContentException($"the registry's token endpoint failed: {e.Message}", e);
        }
    }

    private sealed record TokenAnswer
    {
        [System.Text.Json.Serialization.JsonPropertyName("token")] public string? Token { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    }
}
