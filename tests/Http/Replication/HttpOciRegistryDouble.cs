using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// TEST DOUBLE, to be replaced by the "remote" piece's RemoteOciRegistry at integration: a minimal IOciRegistry over
/// the distribution API without authentication, covering only what ArtifactCopier and these tests use. No retries,
/// no paging, no token flow.
/// </summary>
internal sealed class HttpOciRegistryDouble(HttpClient http) : IOciRegistry
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    public async IAsyncEnumerable<string> ListRepositoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("v2/_catalog?n=1000", UriKind.Relative), cancellationToken);
        await EnsureAsync(response, cancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var name in json?["repositories"]?.AsArray() ?? [])
        {
            yield return name!.GetValue<string>();
        }
    }

    public async IAsyncEnumerable<string> ListTagsAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"v2/{repository}/tags/list?n=1000", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            yield break;
        }

        await EnsureAsync(response, cancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var tag in json?["tags"]?.AsArray() ?? [])
        {
            yield return tag!.GetValue<string>();
        }
    }

    public async Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Get, repository, reference, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new OciManifest(response.Content.Headers.ContentType!.MediaType!, Digests.Sha256(content), content);
    }

    public async Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Head, repository, reference, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, cancellationToken);
        return new OciDescriptor(
            response.Content.Headers.ContentType!.MediaType!,
            response.Headers.GetValues("Docker-Content-Digest").Single(),
            response.Content.Headers.ContentLength ?? 0);
    }

    public async Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(new Uri($"v2/{repository}/blobs/{digest}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        await EnsureAsync(response, cancellationToken);
        return new OciBlobContent(await response.Content.ReadAsStreamAsync(cancellationToken), response.Content.Headers.ContentLength ?? -1);
    }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"v2/{repository}/blobs/{digest}", UriKind.Relative));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        var path = $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}";
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        // A refused mount opened an upload instead: cancel it rather than leave it to expire.
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            using var cancel = await http.DeleteAsync(Absolute(location), cancellationToken);
        }

        return false;
    }

    public async Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken)
    {
        using var started = await http.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), null, cancellationToken);
        await EnsureAsync(started, cancellationToken);
        var location = Absolute(started.Headers.Location!);
        if (chunkSize is { } size)
        {
            var buffer = new byte[size];
            long offset = 0;
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                using var chunk = new ByteArrayContent(buffer, 0, filled);
                chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                chunk.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + filled - 1}");
                using var patched = await http.PatchAsync(location, chunk, cancellationToken);
                await EnsureAsync(patched, cancellationToken);
                location = Absolute(patched.Headers.Location!);
                offset += filled;
            }

            using var finished = await http.PutAsync(WithDigest(location, blob.Digest), null, cancellationToken);
            await EnsureAsync(finished, cancellationToken);
            return;
        }

        using var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = blob.Size;
        using var put = await http.PutAsync(WithDigest(location, blob.Digest), body, cancellationToken);
        await EnsureAsync(put, cancellationToken);
    }

    public async Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken)
    {
        using var body = new ByteArrayContent(manifest.Content);
        body.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        using var response = await http.PutAsync(new Uri($"v2/{repository}/manifests/{reference}", UriKind.Relative), body, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var digest) ? digest.Single() : manifest.Digest;
    }

    public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(new Uri($"v2/{repository}/manifests/{digest}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureAsync(response, cancellationToken);
        return true;
    }

    public async Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"v2/{repository}/referrers/{digest}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return OciReferrers.Unsupported;
        }

        await EnsureAsync(response, cancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var manifests = (json?["manifests"]?.AsArray() ?? [])
            .Select(m => new OciDescriptor(m!["mediaType"]!.GetValue<string>(), m["digest"]!.GetValue<string>(), m["size"]!.GetValue<long>(), (string?)m["artifactType"]))
            .ToList();
        return new OciReferrers(true, manifests);
    }

    private async Task<HttpResponseMessage> SendManifestRequestAsync(HttpMethod method, string repository, string reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri($"v2/{repository}/manifests/{reference}", UriKind.Relative));
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private Uri Absolute(Uri location) => location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);

    private static Uri WithDigest(Uri location, string digest) =>
        new(location + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(digest));

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new OciRegistryException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}",
                response.StatusCode,
                transient: (int)response.StatusCode >= 500);
        }
    }
}
