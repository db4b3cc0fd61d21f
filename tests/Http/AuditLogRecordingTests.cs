using System.Net;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Http;

/// <summary>What the registry records in the audit log: each action exactly once, in Harbor's shape.</summary>
public sealed class AuditLogRecordingTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static string ByResource(string fragment) => $"/api/v2.0/audit-logs?q=resource%3D~{Uri.EscapeDataString(fragment)}&page_size=100";

    [Fact]
    public async Task Push_by_tag_records_one_create_artifact_and_nothing_for_blobs()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();

        await admin.PushImageAsync(repo, "1.0");
        var records = await AuditLogs.ListAsync(factory, admin, ByResource(repo));

        Assert.Equal([$"admin create artifact {repo}:1.0"], AuditLogs.Lines(records));
        var record = records[0]!.AsObject();
        Assert.Equal(["id", "username", "resource", "resource_type", "operation", "op_time"], record.Select(p => p.Key));
        var opTime = record["op_time"]!.GetValue<string>();
        Assert.EndsWith("Z", opTime, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.Parse(opTime, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Push_by_digest_names_the_digest()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();

        var image = await admin.PushImageAsync(repo, tag: null);

        Assert.Equal([$"admin create artifact {repo}@{image.Digest}"], await AuditLogs.LinesAsync(factory, admin, ByResource(repo)));
    }

    [Fact]
    public async Task Manifest_get_by_tag_and_by_digest_record_pulls_but_head_and_blob_get_do_not()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, "v1");

        using (var byTag = await anonymous.GetAsync($"/v2/{repo}/manifests/v1"))
        using (var byDigest = await admin.GetAsync($"/v2/{repo}/manifests/{image.Digest}"))
        using (var head = await admin.HeadAsync($"/v2/{repo}/manifests/v1"))
        using (var blob = await admin.GetAsync($"/v2/{repo}/blobs/{image.LayerDigest}"))
        {
            Assert.All([byTag, byDigest, head, blob], r => OciAssert.Status(r, HttpStatusCode.OK));
        }

        Assert.Equal(
            [$"admin pull artifact {repo}@{image.Digest}", $"anonymous pull artifact {repo}:v1"],
            await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=operation%3Dpull,resource%3D~{repo}"));
    }

    [Fact]
    public async Task Deleting_a_tag_and_a_manifest_records_a_tag_delete_and_an_artifact_delete()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, "v1");
        await admin.PushManifestAsync(repo, "v2", image.Manifest, image.MediaType);

        using (var tag = await admin.DeleteAsync($"/v2/{repo}/manifests/v1"))
        using (var manifest = await admin.DeleteAsync($"/v2/{repo}/manifests/{image.Digest}"))
        using (var missing = await admin.DeleteAsync($"/v2/{repo}/manifests/nope"))
        {
            OciAssert.Status(tag, HttpStatusCode.Accepted);
            OciAssert.Status(manifest, HttpStatusCode.Accepted);
            OciAssert.Status(missing, HttpStatusCode.NotFound);
        }

        Assert.Equal(
            [$"admin delete artifact {repo}@{image.Digest}", $"admin delete tag {repo}:v1"],
            await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=operation%3Ddelete,resource%3D~{repo}"));
    }

    [Fact]
    public async Task Failed_login_records_the_username_tried_and_the_address_but_never_the_password()
    {
        var username = "nobody" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Secret-Guess-417";
        using var intruder = factory.Client(username, password, "10.9.8.7");
        using var admin = factory.Admin();

        using (var response = await intruder.GetAsync("/v2/"))
        {
            OciAssert.Status(response, HttpStatusCode.Unauthorized);
        }

        var records = await AuditLogs.ListAsync(factory, admin, $"/api/v2.0/auditlog-exts?q=username%3D{username}");
        var record = Assert.Single(records)!;
        Assert.Equal($"{username} login user {username}", AuditLogs.Lines(records)[0]);
        Assert.False(record["operation_result"]!.GetValue<bool>());
        Assert.Contains("10.9.8.7", record["operation_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, records.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_create_update_metadata_and_delete_are_recorded_with_the_project_id()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName("aud");
        var id = await HarborProjects.CreateAsync(admin, name, isPublic: false);

        using (var update = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{name}", HarborProjects.Json("""{"metadata":{"public":"true"}}""")))
        using (var meta = await admin.SendAsync(HttpMethod.Post, $"/api/v2.0/projects/{name}/metadatas", HarborProjects.Json("""{"auto_scan":"true"}""")))
        {
            OciAssert.Status(update, HttpStatusCode.OK);
            OciAssert.Status(meta, HttpStatusCode.OK);
        }

        var beforeDelete = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/projects/{id}/logs");
        using (var delete = await admin.DeleteAsync($"/api/v2.0/projects/{name}"))
        {
            OciAssert.Status(delete, HttpStatusCode.OK);
        }

        Assert.Equal([$"admin update project {name}", $"admin update project {name}", $"admin create project {name}"], beforeDelete);
        Assert.Equal(
            [$"admin delete project {name}", $"admin update project {name}", $"admin update project {name}", $"admin create project {name}"],
            await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=resource_type%3Dproject,project_id%3D{id}"));
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_without_waiting_and_keeps_what_fit()
    {
        var username = "flood" + Guid.NewGuid().ToString("N")[..8];
        var options = Options.Create(new AuditOptions { QueueCapacity = 2, BatchSize = 10 });
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        using var recorder = new AuditRecorder(grains, options, TimeProvider.System, NullLogger<AuditRecorder>.Instance);

        // Not started yet: nothing drains the queue, so the third event onwards cannot fit.
        for (var i = 0; i < 5; i++)
        {
            recorder.Record(AuditEvents.ArtifactPulled(username, "library/flood", $"t{i}", "sha256:f", null, DateTimeOffset.UtcNow));
        }

        Assert.Equal(3, recorder.DroppedCount);
        await recorder.StartAsync(TestContext.Current.CancellationToken);
        await recorder.FlushAsync(TestContext.Current.CancellationToken);
        await recorder.StopAsync(TestContext.Current.CancellationToken);

        using var admin = factory.Admin();
        Assert.Equal(
            [$"{username} pull artifact library/flood:t1", $"{username} pull artifact library/flood:t0"],
            await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=username%3D{username}"));
    }
}
