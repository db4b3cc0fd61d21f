using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Online GC with real clients: skopeo pushes two images sharing their base layer, deletes one, an administrator runs
/// GC through Harbor's API (dry run, then for real), and the other image still copies back whole while the deleted
/// image's own layer is gone from disk. The server runs with a zero GC window, so the test need not wait two hours.
/// </summary>
public sealed class GcTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gc_after_a_skopeo_delete_frees_only_the_deleted_images_own_layers()
    {
        server.ExtraEnvironment["ArtifactKeeper__Gc__TimeWindow"] = "00:00:00";
        await server.RestartAsync(Ct);
        using var keptLayout = new TempDirectory();
        using var deletedLayout = new TempDirectory();
        using var pulled = new TempDirectory();
        var baseImage = TestImage.Create(layerCount: 1, fileSize: 8192);
        var kept = TestImage.CreateOnTopOf(baseImage);
        var deleted = TestImage.CreateOnTopOf(baseImage);
        OciLayout.WriteImage(keptLayout.Path, "kept", kept);
        OciLayout.WriteImage(deletedLayout.Path, "deleted", deleted);
        var repository = Names.Repository("gc");
        await SkopeoAsync("copy", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials, $"oci:{keptLayout.Path}:kept", "docker://" + server.Reference(repository, "kept"));
        await SkopeoAsync("copy", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials, $"oci:{deletedLayout.Path}:deleted", "docker://" + server.Reference(repository, "deleted"));
        var ownLayer = deleted.Layers[^1].Descriptor.Digest;
        var sharedLayer = baseImage.Layers[0].Descriptor.Digest;
        Assert.True(File.Exists(BlobFile(ownLayer)));

        await SkopeoAsync("delete", "--tls-verify=false", "--creds", server.AdminCredentials, "docker://" + server.Reference(repository, "deleted"));
        using var admin = new RegistryHttpClient(server);
        var dryRun = await RunGcAsync(admin, dryRun: true);
        Assert.True(File.Exists(BlobFile(ownLayer)), "a dry run deleted a blob");
        var run = await RunGcAsync(admin, dryRun: false);

        Assert.Contains($"would delete blob {ownLayer}", dryRun.Log, StringComparison.Ordinal);
        Assert.Contains($"deleted blob {ownLayer}", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(sharedLayer, run.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(BlobFile(ownLayer)), "the deleted image's own layer is still on disk");
        Assert.True(File.Exists(BlobFile(sharedLayer)), "the shared layer was deleted");
        await SkopeoAsync("copy", "--src-tls-verify=false", "--src-creds", server.AdminCredentials, "docker://" + server.Reference(repository, "kept"), $"oci:{pulled.Path}:kept");
        Assert.Equal(kept.Layers.Select(l => l.Descriptor.Digest), OciLayout.LayerDigests(pulled.Path, "kept"));
        foreach (var layer in kept.Layers)
        {
            Assert.Equal(layer.Content, OciLayout.ReadBlob(pulled.Path, layer.Descriptor.Digest));
        }
    }

    private sealed record FinishedRun(JsonNode Run, string Log);

    /// <summary>Starts a GC with Harbor's Manual schedule, follows its Location until it ends, and reads its log.</summary>
    private static async Task<FinishedRun> RunGcAsync(RegistryHttpClient admin, bool dryRun)
    {
        using var start = await admin.Http.PostAsJsonAsync(
            "/api/v2.0/system/gc/schedule",
            new JsonObject
            {
                ["schedule"] = new JsonObject { ["type"] = "Manual" },
                ["parameters"] = new JsonObject { ["delete_untagged"] = false, ["dry_run"] = dryRun, ["workers"] = 2 },
            },
            Ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var location = start.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v2.0/system/gc/", location, StringComparison.Ordinal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var run = JsonNode.Parse(await admin.Http.GetStringAsync(location, timeout.Token))!;
            var status = run["job_status"]!.GetValue<string>();
            if (status is not ("Pending" or "Running"))
            {
                Assert.Equal("Success", status);
                return new FinishedRun(run, await admin.Http.GetStringAsync(location + "/log", timeout.Token));
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    private string BlobFile(string digest) =>
        Path.Combine(server.DataPath, "blobs", "sha256", digest["sha256:".Length..][..2], digest["sha256:".Length..]);

    private static Task<CliResult> SkopeoAsync(params string[] arguments) => Cli.RunAsync("skopeo", arguments, Ct);
}
