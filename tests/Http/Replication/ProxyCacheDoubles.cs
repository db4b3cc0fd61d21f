using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Http.Replication;

// Test doubles for two pieces built in parallel by other helpers, replaced by the real ones at integration:
// the remote OCI client (helper "remote": RemoteOciRegistry / RemoteRegistryFactory) and the registry endpoint
// store (helper "endpoints": IRegistryEndpointMetadata). Only the operations the proxy cache uses are implemented.

/// <summary>Registry endpoints known to the test, by id; what the endpoints store would hold.</summary>
public sealed class RegistryEndpointsDouble : IRegistryEndpointMetadata
{
    private readonly ConcurrentDictionary<long, RegistryEndpoint> _endpoints = new();
    private long _nextId;

    public RegistryEndpoint Add(Uri url, string type = RegistryEndpointTypes.DockerRegistry)
    {
        var id = Interlocked.Increment(ref _nextId);
        var endpoint = new RegistryEndpoint(
            id, $"upstream-{id}", type, url.ToString().TrimEnd('/'), string.Empty, true, RegistryCredentialTypes.Basic, null, false, "unknown",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        _endpoints[id] = endpoint;
        return endpoint;
    }

    public Task<RegistryEndpointRecord?> GetRegistryEndpointAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult(_endpoints.TryGetValue(id, out var endpoint) ? new RegistryEndpointRecord(endpoint, string.Empty) : null);
}

/// <summary>Opens <see cref="RegistryEndpointsDouble"/>'s endpoints as <see cref="HttpRegistryDouble"/>s.</summary>
public sealed class RemoteRegistryFactoryDouble(RegistryEndpointsDouble endpoints) : IRemoteRegistryFactory
{
    public async Task<IRemoteRegistry?> OpenAsync(long registryId, CancellationToken cancellationToken) =>
        await endpoints.GetRegistryEndpointAsync(registryId, cancellationToken) is { } record ? Open(record.Endpoint, null) : null;

    public IRemoteRegistry Open(RegistryEndpoint endpoint, RegistryCredential? credential) => new HttpRegistryDouble(endpoint);
}

/// <summary>
/// A minimal anonymous distribution-API client over HTTP: manifest GET and HEAD, blob GET (streamed). Failures are
/// <see cref="OciRegistryException"/>s marked transient as the contract says (no response, 408, 429, 5xx).
/// </summary>
public sealed class HttpRegistryDouble(RegistryEndpoint endpoint) : IRemoteRegistry
{
    private const string ManifestAccept =
        "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, " +
        "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    public RegistryEndpoint Endpoint => endpoint;

    public async Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}", ManifestAccept, cancellationToken);
        if (response is null)
        {
            return null;
        }

        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new OciManifest(response.Content.Headers.ContentType?.MediaType ?? string.Empty, Digest(response), content);
    }

    public async Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, $"/v2/{repository}/manifests/{reference}", ManifestAccept, cancellationToken);
        return response is null
            ? null
            : new OciDescriptor(response.Content.Headers.ContentType?.MediaType ?? string.Empty, Digest(response), response.Content.Headers.ContentLength ?? 0);
    }

    public async Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}", null, cancellationToken);
        if (response is null)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new OciBlobContent(stream, response.Content.Headers.ContentLength ?? -1);
    }

    public Task<RegistryHealth> PingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

    private static string Digest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : string.Empty;

    /// <summary>The response (caller disposes), null on 404, or an <see cref="OciRegistryException"/>.</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, string? accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(endpoint.Url + "/"), path.TrimStart('/')));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new OciRegistryException($"{method} {path} failed: {e.Message}", null, transient: true, inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = response.StatusCode;
        response.Dispose();
        if (status == HttpStatusCode.NotFound)
        {
            return null;
        }

        var transient = status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
        throw new OciRegistryException($"{method} {path} answered {(int)status}", status, transient);
    }
}
