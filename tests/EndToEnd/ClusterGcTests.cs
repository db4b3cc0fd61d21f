using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ArtifactKeeper.Gc;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Blobs.S3;
using ArtifactKeeper.Storage.Metadata.Postgres;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>The local cluster with a zero GC window, so a blob unlinked a moment ago is collected by the next run.</summary>
public sealed class GcLocalCluster() : LocalCluster(new Dictionary<string, string> { ["ArtifactKeeper__Gc__TimeWindow"] = "00:00:00" });

/// <summary>
/// Online GC in cluster mode (PostgreSQL metadata, s3rver blobs, two silos, two gateways): two images sharing a layer
/// pushed through the OCI API, one deleted, GC run through Harbor's API as a dry run and then for real; and a GC
/// schedule that outlives a stop and start of the whole cluster. A cluster of its own, so every figure is exact.
/// </summary>
public sealed partial class ClusterGcTests(GcLocalCluster cluster) : IClassFixture<GcLocalCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gc_after_a_delete_frees_exactly_the_deleted_images_own_blobs_from_s3_and_its_dry_run_said_so()
    {
        using var a = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials);
        using var b = new RegistryHttpClient(cluster.Gateways[1], cluster.AdminCredentials);
        var baseImage = TestImage.Create(layerCount: 1, fileSize: 8192);
        var kept = TestImage.CreateOnTopOf(baseImage);
        var deleted = TestImage.CreateOnTopOf(baseImage);
        var repository = Names.Repository("cluster-gc");
        await a.PushImageAsync(repository, "kept", kept, Ct);
        await b.PushImageAsync(repository, "deleted", deleted, Ct);

        var shared = baseImage.Layers[0];
        var orphans = new[] { deleted.Config, deleted.Layers[^1] };
        using var s3 = S3ClientFactory.Create(new S3BlobOptions
        {
            ServiceUrl = cluster.S3ServiceUrl, Bucket = LocalCluster.S3Bucket, AccessKey = "S3RVER", SecretKey = "S3RVER", ForcePathStyle = true,
        });
        var objects = new S3BlobStore(s3, LocalCluster.S3Bucket);
        foreach (var blob in kept.Blobs.Concat(orphans))
        {
            Assert.NotNull(await objects.StatAsync(blob.Descriptor.Digest, Ct));
        }

        using (var removed = await a.Http.DeleteAsync(new Uri($"v2/{repository}/manifests/{deleted.Manifest.Descriptor.Digest}", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, removed.StatusCode);
        }

        var dry = await RunGcAsync(a, dryRun: true);
        foreach (var blob in orphans)
        {
            Assert.NotNull(await objects.StatAsync(blob.Descriptor.Digest, Ct));
        }

        var real = await RunGcAsync(b, dryRun: false);

        // The run deleted exactly the deleted image's own blobs, and the dry run named exactly those.
        var expected = orphans.Select(o => (o.Descriptor.Digest, (long)o.Content.Length)).Order().ToList();
        Assert.Equal(expected, BlobLines(dry.Log, "would delete blob "));
        Assert.Equal(expected, BlobLines(real.Log, "deleted blob "));
        foreach (var blob in orphans)
        {
            Assert.Null(await objects.StatAsync(blob.Descriptor.Digest, Ct));
        }

        foreach (var blob in kept.Blobs)
        {
            Assert.NotNull(await objects.StatAsync(blob.Descriptor.Digest, Ct));
        }

        // The recorded figures: five blobs and one manifest scanned (this cluster holds nothing else), two blobs and
        // their bytes freed; the dry run recorded the same.
        var bytes = orphans.Sum(o => (long)o.Content.Length);
        var figures = new GcFigures(5, 2, 1, 0, bytes, 0, 0, 0, 0);
        await using (var store = new PostgresMetadataStore(cluster.MetadataConnectionString))
        {
            Assert.Equal(figures, WithoutDuration((await store.GetGcRunAsync(dry.Id, Ct))!.Figures));
            Assert.Equal(figures, WithoutDuration((await store.GetGcRunAsync(real.Id, Ct))!.Figures));
        }

        Assert.Contains($": 2 blobs and 0 manifests would be deleted, {bytes} bytes reclaimable;", dry.Log, StringComparison.Ordinal);
        Assert.Contains($": 2 blobs and 0 manifests deleted, {bytes} bytes reclaimed;", real.Log, StringComparison.Ordinal);

        // The history lists both runs, newest first, as Success.
        var history = JsonNode.Parse(await a.Http.GetStringAsync(new Uri("api/v2.0/system/gc", UriKind.Relative), Ct))!.AsArray();
        Assert.Equal([(real.Id, "Success"), (dry.Id, "Success")], history.Take(2).Select(r => (r!["id"]!.GetValue<long>(), r["job_status"]!.GetValue<string>())));

        // The other image and the shared layer still pull whole, through either gateway.
        foreach (var client in new[] { a, b })
        {
            await AssertPullsAsync(client, repository, "kept", kept);
            using var gone = await client.GetAsync($"v2/{repository}/blobs/{deleted.Layers[^1].Descriptor.Digest}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }

    [Fact]
    public async Task A_gc_schedule_survives_a_stop_and_start_of_the_whole_cluster()
    {
        var schedule = new JsonObject
        {
            ["schedule"] = new JsonObject { ["type"] = "Custom", ["cron"] = "0 30 4 * * *" },
            ["parameters"] = new JsonObject { ["delete_untagged"] = true, ["dry_run"] = false, ["workers"] = 3 },
        };
        JsonNode before;
        using (var a = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials))
        {
            using (var set = await a.Http.PutAsJsonAsync(new Uri("api/v2.0/system/gc/schedule", UriKind.Relative), schedule, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            }

            before = await GetScheduleAsync(a);
        }

        Assert.Equal(("Custom", "0 30 4 * * *"), ((string?)before["schedule"]!["type"], (string?)before["schedule"]!["cron"]));
        Assert.Equal((true, false, 3), ((bool)before["parameters"]!["delete_untagged"]!, (bool)before["parameters"]!["dry_run"]!, (int)before["parameters"]!["workers"]!));

        await cluster.DownAsync(Ct);
        await cluster.UpAsync(Ct);

        foreach (var gateway in cluster.Gateways)
        {
            using var client = new RegistryHttpClient(gateway, cluster.AdminCredentials);
            var after = await GetScheduleAsync(client);
            Assert.Equal(before["schedule"]!.ToJsonString(), after["schedule"]!.ToJsonString());
            Assert.Equal(before["parameters"]!.ToJsonString(), after["parameters"]!.ToJsonString());
            Assert.Equal((string?)before["creation_time"], (string?)after["creation_time"]);
        }

        // Removing it works after the restart too, and is seen by every gateway.
        using (var a = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials))
        {
            schedule["schedule"] = new JsonObject { ["type"] = "None" };
            using var removed = await a.Http.PutAsJsonAsync(new Uri("api/v2.0/system/gc/schedule", UriKind.Relative), schedule, Ct);
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        using var b = new RegistryHttpClient(cluster.Gateways[1], cluster.AdminCredentials);
        Assert.Equal("{}", (await GetScheduleAsync(b)).ToJsonString());
    }

    private sealed record FinishedRun(long Id, string Log);

    private static GcFigures WithoutDuration(GcFigures figures) => figures with { DurationMilliseconds = 0 };

    /// <summary>(digest, size) of every log line "...{prefix}{digest} ({size} bytes)", sorted.</summary>
    private static List<(string, long)> BlobLines(string log, string prefix) =>
        [.. BlobLine().Matches(log)
            .Where(m => m.Groups["prefix"].Value.EndsWith(prefix, StringComparison.Ordinal))
            .Select(m => (m.Groups["digest"].Value, long.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture)))
            .Order()];

    private static async Task<JsonNode> GetScheduleAsync(RegistryHttpClient client) =>
        JsonNode.Parse(await client.Http.GetStringAsync(new Uri("api/v2.0/system/gc/schedule", UriKind.Relative), Ct))!;

    /// <summary>Starts a GC with Harbor's Manual schedule, follows its Location until it ends (it must succeed), and reads its log.</summary>
    private async Task<FinishedRun> RunGcAsync(RegistryHttpClient admin, bool dryRun)
    {
        using var start = await admin.Http.PostAsJsonAsync(
            new Uri("api/v2.0/system/gc/schedule", UriKind.Relative),
            new JsonObject
            {
                ["schedule"] = new JsonObject { ["type"] = "Manual" },
                ["parameters"] = new JsonObject { ["delete_untagged"] = false, ["dry_run"] = dryRun, ["workers"] = 2 },
            },
            Ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var location = start.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v2.0/system/gc/", location, StringComparison.Ordinal);
        var id = long.Parse(location["/api/v2.0/system/gc/".Length..], CultureInfo.InvariantCulture);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        while (true)
        {
            var run = JsonNode.Parse(await admin.Http.GetStringAsync(new Uri(location.TrimStart('/'), UriKind.Relative), timeout.Token))!;
            var status = run["job_status"]!.GetValue<string>();
            if (status is not ("Pending" or "Running"))
            {
                var log = await admin.Http.GetStringAsync(new Uri(location.TrimStart('/') + "/log", UriKind.Relative), timeout.Token);
                Assert.True(status == "Success", $"GC {id} ended {status}:\n{log}\n{cluster.Logs()}");
                return new FinishedRun(id, log);
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    private static async Task AssertPullsAsync(RegistryHttpClient client, string repository, string tag, TestImage image)
    {
        using var manifest = await client.GetAsync($"v2/{repository}/manifests/{tag}", Ct, OciMediaTypes.ImageManifest);
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal(image.Manifest.Descriptor.Digest, manifest.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(image.Manifest.Content, await manifest.Content.ReadAsByteArrayAsync(Ct));
        foreach (var blob in image.Blobs)
        {
            using var response = await client.GetAsync($"v2/{repository}/blobs/{blob.Descriptor.Digest}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(blob.Descriptor.Digest, OciDescriptor.DigestOf(await response.Content.ReadAsByteArrayAsync(Ct)));
        }
    }

    [GeneratedRegex(@"(?<prefix>[^\n]*?)(?<digest>sha256:[0-9a-f]{64}) \((?<size>[0-9]+) bytes\)")]
    private static partial Regex BlobLine();
}
