using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's project storage quotas as a curl script meets them: <c>storage_limit</c> on create, the project summary,
/// <c>/api/v2.0/quotas</c>, and pushes refused with 403 DENIED "Quota exceeded ..." past the limit.
/// </summary>
public sealed class HarborQuotaTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const long MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<long> CreateProjectAsync(RegistryClient client, string name, long? storageLimit)
    {
        object body = storageLimit is { } limit
            ? new { project_name = name, storage_limit = limit }
            : new { project_name = name };
        using var response = await HarborProjects.CreateAsync(client, body);
        OciAssert.Status(response, HttpStatusCode.Created);
        return long.Parse(response.Headers.Location!.ToString()["/api/v2.0/projects/".Length..], CultureInfo.InvariantCulture);
    }

    private static async Task<JsonNode> QuotaOfAsync(RegistryClient admin, long projectId)
    {
        using var response = await admin.GetAsync($"/api/v2.0/quotas?reference=project&reference_id={projectId}");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("1", OciAssert.Header(response, "X-Total-Count"));
        return Assert.Single((await RegistryClient.JsonAsync(response)).AsArray())!;
    }

    private static async Task<(long Hard, long Used)> SummaryQuotaAsync(RegistryClient client, string project)
    {
        using var response = await client.GetAsync($"/api/v2.0/projects/{project}/summary");
        OciAssert.Status(response, HttpStatusCode.OK);
        var quota = (await RegistryClient.JsonAsync(response))["quota"]!;
        return (quota["hard"]!["storage"]!.GetValue<long>(), quota["used"]!["storage"]!.GetValue<long>());
    }

    private static async Task<HttpResponseMessage> UploadAsync(RegistryClient client, string repo, byte[] content)
    {
        var location = await client.StartUploadAsync(repo);
        return await client.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)), RegistryClient.Bytes(content));
    }

    private static Task<HttpResponseMessage> SetHardAsync(RegistryClient client, long quotaId, long storage) =>
        client.SendAsync(HttpMethod.Put, $"/api/v2.0/quotas/{quotaId}", JsonContent.Create(new { hard = new { storage } }));

    [Fact]
    public async Task Project_with_10_MiB_quota_refuses_pushes_beyond_it_and_takes_layers_it_already_holds()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("quota");
        var projectId = await CreateProjectAsync(admin, project, 10 * MiB);
        Assert.Equal((10 * MiB, 0L), await SummaryQuotaAsync(admin, project));

        // A 6 MiB image fits.
        var config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}"u8.ToArray();
        var layer = Manifests.RandomBytes((int)(6 * MiB));
        var manifest = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, config), [Manifests.Descriptor(Manifests.OciLayer, layer)]);
        await admin.PushBlobAsync($"{project}/app", config);
        await admin.PushBlobAsync($"{project}/app", layer);
        await admin.PushManifestAsync($"{project}/app", "v1", manifest, Manifests.OciManifest);
        var used = config.Length + layer.Length + manifest.Length;
        Assert.Equal((10 * MiB, (long)used), await SummaryQuotaAsync(admin, project));

        // A 5 MiB layer does not: 403 DENIED with Harbor's message, and nothing is linked or charged.
        var big = Manifests.RandomBytes((int)(5 * MiB));
        using (var refused = await UploadAsync(admin, $"{project}/other", big))
        {
            var message = await OciAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "DENIED");
            Assert.StartsWith("Quota exceeded when processing the request of adding 5.0 MiB of storage resource, which when updated to current usage of 6.0 MiB", message, StringComparison.Ordinal);
            Assert.EndsWith("will exceed the configured upper limit of 10.0 MiB.", message, StringComparison.Ordinal);
        }

        using (var head = await admin.HeadAsync($"/v2/{project}/other/blobs/{Manifests.Digest(big)}"))
        {
            OciAssert.Status(head, HttpStatusCode.NotFound);
        }

        Assert.Equal((10 * MiB, (long)used), await SummaryQuotaAsync(admin, project));

        // At its limit, the project still takes a push of layers (and a manifest) it already holds.
        var quotaId = (await QuotaOfAsync(admin, projectId))["id"]!.GetValue<long>();
        using (var lowered = await SetHardAsync(admin, quotaId, used))
        {
            OciAssert.Status(lowered, HttpStatusCode.OK);
        }

        await admin.PushBlobAsync($"{project}/copy", config);
        await admin.PushBlobAsync($"{project}/copy", layer);
        await admin.PushManifestAsync($"{project}/copy", "v1", manifest, Manifests.OciManifest);
        using (var mount = await admin.SendAsync(HttpMethod.Post, $"/v2/{project}/mounted/blobs/uploads/?mount={Manifests.Digest(layer)}&from={project}/app"))
        {
            OciAssert.Status(mount, HttpStatusCode.Created);
        }

        // ...but neither a new byte nor a new manifest.
        using (var oneByte = await UploadAsync(admin, $"{project}/copy", [42]))
        {
            Assert.StartsWith("Quota exceeded", await OciAssert.ErrorAsync(oneByte, HttpStatusCode.Forbidden, "DENIED"), StringComparison.Ordinal);
        }

        var retyped = Manifests.Image(
            Manifests.Descriptor(Manifests.OciConfig, config), [Manifests.Descriptor(Manifests.OciLayer, layer)], artifactType: "application/vnd.example+json");
        using (var newManifest = await admin.PutManifestAsync($"{project}/copy", "v2", retyped, Manifests.OciManifest))
        {
            Assert.StartsWith("Quota exceeded", await OciAssert.ErrorAsync(newManifest, HttpStatusCode.Forbidden, "DENIED"), StringComparison.Ordinal);
        }

        Assert.Null(await admin.TagsAsync($"{project}/other"));
        Assert.Equal(["v1"], await admin.TagsAsync($"{project}/copy"));
        Assert.Equal(((long)used, (long)used), await SummaryQuotaAsync(admin, project));
    }

    [Fact]
    public async Task Quota_json_has_Harbors_shape_and_follows_updates()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("quota");
        var projectId = await CreateProjectAsync(admin, project, 1000);
        var listed = await QuotaOfAsync(admin, projectId);
        var id = listed["id"]!.GetValue<long>();

        using var get = await admin.GetAsync($"/api/v2.0/quotas/{id}");
        OciAssert.Status(get, HttpStatusCode.OK);
        var quota = await RegistryClient.JsonAsync(get);

        Assert.Equal(listed.ToJsonString(), quota.ToJsonString());
        Assert.Equal(projectId, quota["ref"]!["id"]!.GetValue<long>());
        Assert.Equal(project, quota["ref"]!["name"]!.GetValue<string>());
        Assert.Equal("admin", quota["ref"]!["owner_name"]!.GetValue<string>());
        Assert.Equal(1000, quota["hard"]!["storage"]!.GetValue<long>());
        Assert.Equal(0, quota["used"]!["storage"]!.GetValue<long>());
        Assert.EndsWith("Z", quota["creation_time"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("Z", quota["update_time"]!.GetValue<string>(), StringComparison.Ordinal);

        using (var unlimited = await SetHardAsync(admin, id, -1))
        {
            OciAssert.Status(unlimited, HttpStatusCode.OK);
        }

        Assert.Equal(-1, (await QuotaOfAsync(admin, projectId))["hard"]!["storage"]!.GetValue<long>());
    }

    [Fact]
    public async Task Quota_list_pages_sorts_and_filters_by_reference()
    {
        using var admin = factory.Admin();
        var small = await CreateProjectAsync(admin, HarborProjects.NewName("quota"), 1);
        var large = await CreateProjectAsync(admin, HarborProjects.NewName("quota"), long.MaxValue);

        using var page = await admin.GetAsync("/api/v2.0/quotas?sort=-hard.storage&page=1&page_size=1");
        using var other = await admin.GetAsync("/api/v2.0/quotas?reference=artifact");
        using var bogus = await admin.GetAsync("/api/v2.0/quotas?reference_id=abc");
        using var badPage = await admin.GetAsync("/api/v2.0/quotas?page_size=1000");

        OciAssert.Status(page, HttpStatusCode.OK);
        var total = long.Parse(OciAssert.Header(page, "X-Total-Count"), CultureInfo.InvariantCulture);
        Assert.True(total >= 2);
        Assert.Contains("rel=\"next\"", OciAssert.Header(page, "Link"), StringComparison.Ordinal);
        var first = Assert.Single((await RegistryClient.JsonAsync(page)).AsArray())!;
        Assert.True(first["hard"]!["storage"]!.GetValue<long>() is -1 or long.MaxValue, first.ToJsonString());
        Assert.Empty((await RegistryClient.JsonAsync(other)).AsArray());
        Assert.Empty((await RegistryClient.JsonAsync(bogus)).AsArray());
        await OciAssert.ErrorAsync(badPage, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(1, (await QuotaOfAsync(admin, small))["hard"]!["storage"]!.GetValue<long>());
        Assert.Equal(long.MaxValue, (await QuotaOfAsync(admin, large))["hard"]!["storage"]!.GetValue<long>());
    }

    [Fact]
    public async Task Quota_API_is_for_system_administrators_only()
    {
        using var admin = factory.Admin();
        using var user = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();
        var projectId = await CreateProjectAsync(admin, HarborProjects.NewName("quota"), 1000);
        var id = (await QuotaOfAsync(admin, projectId))["id"]!.GetValue<long>();

        using (var list = await user.GetAsync("/api/v2.0/quotas"))
        {
            await OciAssert.ErrorAsync(list, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var get = await anonymous.GetAsync($"/api/v2.0/quotas/{id}"))
        {
            await OciAssert.ErrorAsync(get, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using (var put = await SetHardAsync(user, id, 5))
        {
            await OciAssert.ErrorAsync(put, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal(1000, (await QuotaOfAsync(admin, projectId))["hard"]!["storage"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{\"hard\":{\"storage\":0}}")]
    [InlineData("{\"hard\":{\"storage\":-2}}")]
    [InlineData("{\"hard\":{}}")]
    [InlineData("{}")]
    [InlineData("{\"hard\":{\"count\":5}}")]
    [InlineData("{\"hard\":{\"storage\":\"5\"}}")]
    [InlineData("{\"hard\":{\"storage\":1.5}}")]
    [InlineData("{\"hard\":")]
    public async Task Bad_quota_update_is_400_and_changes_nothing(string body)
    {
        using var admin = factory.Admin();
        var projectId = await CreateProjectAsync(admin, HarborProjects.NewName("quota"), 1000);
        var id = (await QuotaOfAsync(admin, projectId))["id"]!.GetValue<long>();

        using var response = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/quotas/{id}", HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(1000, (await QuotaOfAsync(admin, projectId))["hard"]!["storage"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_quota_is_404_and_a_malformed_id_400()
    {
        using var admin = factory.Admin();

        using var missing = await admin.GetAsync("/api/v2.0/quotas/987654321");
        using var update = await SetHardAsync(admin, 987654321, 5);
        using var malformed = await admin.GetAsync("/api/v2.0/quotas/abc");

        await OciAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(update, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(malformed, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Storage_limit_on_create_is_an_admins_choice_and_validated()
    {
        using var admin = factory.Admin();
        using var user = await factory.NewUserAsync();
        var byUser = HarborProjects.NewName("quota");
        var invalid = HarborProjects.NewName("quota");

        await CreateProjectAsync(user, byUser, 1000);
        using var refused = await HarborProjects.CreateAsync(admin, new { project_name = invalid, storage_limit = -5 });
        using var wrongType = await HarborProjects.CreateAsync(admin, new { project_name = invalid, storage_limit = "big" });

        Assert.Equal((-1L, 0L), await SummaryQuotaAsync(user, byUser));
        await OciAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(wrongType, HttpStatusCode.BadRequest, "BAD_REQUEST");
        using var head = await admin.SendAsync(HttpMethod.Head, $"/api/v2.0/projects?project_name={invalid}");
        OciAssert.Status(head, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Project_delete_removes_its_quota()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("quota");
        var projectId = await CreateProjectAsync(admin, project, 1000);
        var id = (await QuotaOfAsync(admin, projectId))["id"]!.GetValue<long>();

        using (var delete = await admin.DeleteAsync($"/api/v2.0/projects/{project}"))
        {
            OciAssert.Status(delete, HttpStatusCode.OK);
        }

        using var gone = await admin.GetAsync($"/api/v2.0/quotas/{id}");
        await OciAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Concurrent_pushes_racing_for_the_last_bytes_never_over_admit()
    {
        const long limit = 64 * 1024;
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("quota");
        var projectId = await CreateProjectAsync(admin, project, limit);
        var blobs = Enumerable.Range(0, 24).Select(i => Manifests.RandomBytes(4096 + (i * 311))).ToList();

        var statuses = await Task.WhenAll(blobs.Select(async (blob, i) =>
        {
            using var response = await UploadAsync(admin, $"{project}/race{i % 4}", blob);
            return (response.StatusCode, (long)blob.Length);
        }));

        Assert.All(statuses, s => Assert.Contains(s.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Forbidden }));
        Assert.Contains(statuses, s => s.StatusCode == HttpStatusCode.Forbidden);
        var admitted = statuses.Where(s => s.StatusCode == HttpStatusCode.Created).Sum(s => s.Item2);
        Assert.InRange(admitted, 1, limit);
        Assert.Equal(admitted, (await QuotaOfAsync(admin, projectId))["used"]!["storage"]!.GetValue<long>());
    }

    [Fact]
    public async Task Summary_shows_the_quota_to_members_but_not_to_anonymous_callers_of_a_public_project()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var project = HarborProjects.NewName("quota");
        await HarborProjects.CreateAsync(admin, project, isPublic: true);

        using var response = await anonymous.GetAsync($"/api/v2.0/projects/{project}/summary");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Null((await RegistryClient.JsonAsync(response))["quota"]);
        Assert.Equal(-1, (await SummaryQuotaAsync(admin, project)).Hard);
    }
}
