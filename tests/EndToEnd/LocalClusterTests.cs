using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Cluster mode end to end (DESIGN.md §2): the local cluster of <c>deploy/local/cluster.sh</c>, real
/// clients through both gateways, a silo killed with <c>kill -9</c> mid-workload, a full stop and start.
/// Tests are independent of each other's order: each uses its own repositories and reads the current
/// gateway addresses from the fixture.
/// </summary>
public sealed partial class LocalClusterTests(LocalCluster cluster) : IClassFixture<LocalCluster>
{
    private const int LoopImages = 200;
    private const int KillAfterAcknowledged = 40;
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Up_prints_one_gateway_line_per_gateway_and_no_other_loopback_url()
    {
        Assert.Equal(2, cluster.Gateways.Count);
        Assert.Equal(2, LoopbackUrl().Count(cluster.LastUpOutput));
        Assert.All(cluster.Gateways, g => Assert.Equal("127.0.0.1", g.Host));
    }

    [Fact]
    public async Task Skopeo_push_through_gateway_A_then_pull_through_gateway_B_keeps_every_digest()
    {
        using var source = new TempDirectory();
        using var destination = new TempDirectory();
        var image = TestImage.Create(layerCount: 2);
        OciLayout.WriteImage(source.Path, "v1", image);
        var repository = Names.Repository("cluster-skopeo");

        await Cli.RunAsync("skopeo",
            ["copy", "--dest-tls-verify=false", "--dest-creds", cluster.AdminCredentials,
             "oci:" + source.Path + ":v1", "docker://" + cluster.Reference(0, repository, "v1")], Ct);
        await Cli.RunAsync("skopeo",
            ["copy", "--src-tls-verify=false", "--src-no-creds",
             "docker://" + cluster.Reference(1, repository, "v1"), "oci:" + destination.Path + ":copy"], Ct);

        Assert.Equal(image.Manifest.Descriptor.Digest, OciLayout.FindTag(destination.Path, "copy").Digest);
        Assert.Equal(image.Layers.Select(l => l.Descriptor.Digest), OciLayout.LayerDigests(destination.Path, "copy"));
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.Content, OciLayout.ReadBlob(destination.Path, layer.Descriptor.Digest));
        }
    }

    [Fact]
    public async Task Chunked_upload_begun_on_gateway_A_completes_on_gateway_B_with_a_verified_digest()
    {
        using var a = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials);
        using var b = new RegistryHttpClient(cluster.Gateways[1], cluster.AdminCredentials);
        var repository = Names.Repository("cluster-chunks");

        // Chunks straddle S3's 5 MiB part minimum, so the first is buffered and the second completes a part.
        var content = RandomNumberGenerator.GetBytes((7 * 1024 * 1024) + 123);
        var first = content[..(3 * 1024 * 1024)];
        var second = content[first.Length..];
        var digest = OciDescriptor.DigestOf(content);

        var location = await a.StartUploadAsync(repository, Ct);
        location = await a.PatchAsync(location, first, 0, Ct);
        var onB = OnGateway(location, cluster.Gateways[1]);
        onB = await b.PatchAsync(onB, second, first.Length, Ct);

        using (var wrong = await b.Http.PutAsync(WithDigest(onB, OciDescriptor.DigestOf(first)), null, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("DIGEST_INVALID", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var missing = await a.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{OciDescriptor.DigestOf(first)}"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The failed commit left the session open: the right digest still completes it, on either gateway.
        using (var put = await b.Http.PutAsync(WithDigest(onB, digest), null, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var pulled = await a.GetAsync($"v2/{repository}/blobs/{digest}", Ct);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(digest, OciDescriptor.DigestOf(await pulled.Content.ReadAsByteArrayAsync(Ct)));
    }

    [Fact]
    public async Task Kill_9_of_a_silo_during_a_push_loop_loses_no_acknowledged_image_and_the_cluster_serves_again()
    {
        var output = TestContext.Current.TestOutputHelper;
        var repositories = Enumerable.Range(0, 4).Select(_ => Names.Repository("cluster-loop")).ToArray();
        var clients = cluster.Gateways.Select(g => new RegistryHttpClient(g, cluster.AdminCredentials)).ToArray();
        try
        {
            var acknowledged = new List<PushedImage>();
            var failures = 0;
            Stopwatch? sinceKill = null;
            TimeSpan? recovery = null;
            for (var i = 0; i < LoopImages; i++)
            {
                if (sinceKill is null && acknowledged.Count == KillAfterAcknowledged)
                {
                    await cluster.KillSiloAsync(1, Ct);
                    sinceKill = Stopwatch.StartNew();
                }

                var pushed = new PushedImage(repositories[i % repositories.Length], $"t{i}", TestImage.Create(fileSize: 512));
                if (await TryPushAsync(clients[i % clients.Length], pushed))
                {
                    acknowledged.Add(pushed);
                    recovery ??= failures > 0 ? sinceKill?.Elapsed : null;
                }
                else
                {
                    failures++;

                    // Keep the loop alive across the outage instead of racing through it.
                    await Task.Delay(TimeSpan.FromMilliseconds(200), Ct);
                }
            }

            Assert.NotNull(sinceKill);
            while (recovery is null)
            {
                Assert.True(sinceKill.Elapsed < RecoveryLimit, $"the cluster did not serve pushes again within {RecoveryLimit}\n{cluster.Logs()}");
                var probe = new PushedImage(repositories[0], "probe-" + Guid.NewGuid().ToString("N")[..8], TestImage.Create(fileSize: 256));
                if (await TryPushAsync(clients[0], probe))
                {
                    acknowledged.Add(probe);
                    recovery = sinceKill.Elapsed;
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), Ct);
                }
            }

            output?.WriteLine($"pushed {LoopImages}: {acknowledged.Count} acknowledged, {failures} failed; recovery after kill -9: {recovery.Value.TotalSeconds:F1} s");
            Assert.True(acknowledged.Count > KillAfterAcknowledged, "no push was acknowledged after the kill");

            // Every acknowledged image pulls, with the right bytes, through both gateways.
            foreach (var (client, index) in clients.Select((c, n) => (c, n)))
            {
                foreach (var image in acknowledged)
                {
                    await AssertPullsAsync(client, image, $"gateway {index}");
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Stopping_and_starting_the_whole_cluster_keeps_every_image()
    {
        var repository = Names.Repository("cluster-restart");
        var images = Enumerable.Range(0, 5).Select(i => new PushedImage(repository, $"r{i}", TestImage.Create(layerCount: 2))).ToList();
        using (var before = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials))
        {
            foreach (var image in images)
            {
                await before.PushImageAsync(image.Repository, image.Tag, image.Image, Ct);
            }
        }

        await cluster.DownAsync(Ct);
        await cluster.UpAsync(Ct);

        foreach (var gateway in cluster.Gateways)
        {
            using var after = new RegistryHttpClient(gateway, cluster.AdminCredentials);
            foreach (var image in images)
            {
                await AssertPullsAsync(after, image, gateway.ToString());
            }

            using var tags = await after.GetAsync($"v2/{repository}/tags/list", Ct);
            var body = await tags.Content.ReadAsStringAsync(Ct);
            Assert.All(images, image => Assert.Contains($"\"{image.Tag}\"", body, StringComparison.Ordinal));
        }
    }

    private static async Task<bool> TryPushAsync(RegistryHttpClient client, PushedImage pushed)
    {
        try
        {
            await client.PushImageAsync(pushed.Repository, pushed.Tag, pushed.Image, Ct);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException && !Ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task AssertPullsAsync(RegistryHttpClient client, PushedImage pushed, string where)
    {
        using var manifest = await client.GetAsync($"v2/{pushed.Repository}/manifests/{pushed.Tag}", Ct, OciMediaTypes.ImageManifest);
        Assert.True(manifest.StatusCode == HttpStatusCode.OK, $"{pushed.Repository}:{pushed.Tag} on {where}: {(int)manifest.StatusCode}");
        Assert.Equal(pushed.Image.Manifest.Descriptor.Digest, manifest.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(pushed.Image.Manifest.Content, await manifest.Content.ReadAsByteArrayAsync(Ct));
        foreach (var blob in pushed.Image.Blobs)
        {
            using var response = await client.GetAsync($"v2/{pushed.Repository}/blobs/{blob.Descriptor.Digest}", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{blob.Descriptor.Digest} on {where}: {(int)response.StatusCode}");
            Assert.Equal(blob.Descriptor.Digest, OciDescriptor.DigestOf(await response.Content.ReadAsByteArrayAsync(Ct)));
        }
    }

    private static Uri OnGateway(Uri location, Uri gateway) =>
        new UriBuilder(location) { Host = gateway.Host, Port = gateway.Port }.Uri;

    private static Uri WithDigest(Uri location, string digest)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        return new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1")]
    private static partial Regex LoopbackUrl();

    private sealed record PushedImage(string Repository, string Tag, TestImage Image);
}
