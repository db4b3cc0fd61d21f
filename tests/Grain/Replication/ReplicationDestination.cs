using System.Net;
using System.Net.Http.Headers;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// A replication target of its own: a stored <c>docker-registry</c> endpoint whose URL is a fault-injecting forwarder
/// in front of the shared real docker-registry. The forwarder sees (and can fail, hold and count) every request the
/// target's copies make; the registry behind it is read directly to check what arrived.
/// </summary>
public sealed class ReplicationDestination : IAsyncDisposable
{
    private readonly DistributionRegistry _registry;

    private ReplicationDestination(DistributionRegistry registry, HttpForwarder forwarder, long id)
    {
        _registry = registry;
        Forwarder = forwarder;
        Id = id;
    }

    /// <summary>The endpoint id, which is also the key of the target's transfer queue.</summary>
    public long Id { get; }

    public HttpForwarder Forwarder { get; }

    public static async Task<ReplicationDestination> CreateAsync(
        DistributionRegistry registry, IRegistryEndpointMetadata endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(endpoints);
        var forwarder = await HttpForwarder.StartAsync(registry.BaseAddress, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var endpoint = new RegistryEndpoint(
            0, "dest-" + Guid.NewGuid().ToString("N")[..12], RegistryEndpointTypes.DockerRegistry, forwarder.BaseAddress.ToString().TrimEnd('/'),
            string.Empty, false, RegistryCredentialTypes.Basic, null, false, "healthy", now, now);
        var saved = await endpoints.TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint, string.Empty), cancellationToken);
        Assert.Equal(RegistryEndpointChange.Changed, saved.Outcome);
        return new ReplicationDestination(registry, forwarder, saved.Endpoint!.Id);
    }

    /// <summary>A route pushing from this registry to this destination.</summary>
    public ReplicationRoute Push(int speedKibPerSecond = 0, bool copyByChunk = false, bool overwrite = true) =>
        new(null, Id, overwrite, speedKibPerSecond, copyByChunk);

    /// <summary>The path of a manifest PUT by digest or tag, as the forwarder records it.</summary>
    public static string ManifestPath(string repository, string reference) => $"/v2/{repository}/manifests/{reference}";

    /// <summary>Requests of <paramref name="method"/> under <c>/v2/{repository}/blobs/uploads/</c> that reached the registry.</summary>
    public int UploadRequests(string repository, string method) =>
        Forwarder.Count(r => r.ReachedTarget && r.Method == method && r.Path.StartsWith($"/v2/{repository}/blobs/uploads/", StringComparison.Ordinal));

    /// <summary>What <paramref name="reference"/> resolves to at the registry itself, or null when nothing.</summary>
    public async Task<string?> DigestAtAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var http = _registry.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestMediaTypes.OciManifest));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>Asserts the image arrived whole under its tag: same manifest digest, every blob byte for byte.</summary>
    public async Task AssertArrivedAsync(TestImage image, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        Assert.Equal(image.Digest, await DigestAtAsync(repository, image.Tag, cancellationToken));
        using var http = _registry.CreateClient();
        foreach (var (digest, content) in image.Blobs)
        {
            Assert.Equal(content, await http.GetByteArrayAsync(new Uri($"v2/{repository}/blobs/{digest}", UriKind.Relative), cancellationToken));
        }
    }

    public ValueTask DisposeAsync() => Forwarder.DisposeAsync();
}
