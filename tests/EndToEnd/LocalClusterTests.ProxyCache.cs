using System.Net;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Tests.EndToEnd.Replication;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>Proxy-cache single flight across the cluster's two gateways (issue 10, item 5).</summary>
public sealed partial class LocalClusterTests
{
    private const int PullsPerGateway = 3;

    /// <summary>
    /// The project's bandwidth limit stretches the one upstream download over seconds, so every pull starts while it
    /// runs: the requests on the other gateway wait for it (the fetch lease is a grain) instead of fetching again.
    /// </summary>
    private const int SlowUpstreamKib = 512;

    [Fact]
    public async Task Concurrent_cold_pulls_of_one_blob_through_both_gateways_make_one_upstream_request()
    {
        await using var upstream = new DistributionRegistry();
        await upstream.StartAsync(Ct);
        await using var forwarder = await HttpForwarder.StartAsync(upstream.BaseAddress, Ct);
        var image = TestImage.Create(layerCount: 1, fileSize: 2 * 1024 * 1024);
        const string repository = "team/shared";
        using (var seed = new RegistryHttpClient(upstream.BaseAddress, upstream.Credentials))
        {
            await seed.PushImageAsync(repository, "v1", image, Ct);
        }

        var project = ReplicationNames.Project("cache");
        using (var harbor = new HarborReplicationClient(cluster.Gateways[0], cluster.AdminCredentials))
        {
            var registryId = await harbor.CreateRegistryAsync(
                ReplicationNames.Unique("upstream"), RegistryEndpointTypes.DockerRegistry, forwarder.BaseAddress, credentials: null, Ct);
            await harbor.CreateProjectAsync(project, registryId, Ct, SlowUpstreamKib);
        }

        forwarder.ResetCounts();
        var layer = image.Layers[0];
        var clients = cluster.Gateways.Select(g => new RegistryHttpClient(g, cluster.AdminCredentials)).ToList();
        try
        {
            var pulls = Enumerable.Range(0, PullsPerGateway * clients.Count).Select(async i =>
            {
                using var response = await clients[i % clients.Count].GetAsync($"v2/{project}/{repository}/blobs/{layer.Descriptor.Digest}", Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"pull {i} on gateway {i % clients.Count}: {(int)response.StatusCode}");
                Assert.Equal(layer.Descriptor.Digest, OciDescriptor.DigestOf(await response.Content.ReadAsByteArrayAsync(Ct)));
            });
            await Task.WhenAll(pulls);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.Equal(1, forwarder.ForwardedCount("GET", $"/v2/{repository}/blobs/{layer.Descriptor.Digest}"));
    }
}
