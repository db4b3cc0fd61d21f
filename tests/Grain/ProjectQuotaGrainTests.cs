using ArtifactKeeper.Audit;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Projects.Quotas;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Project storage quotas through the grains that link and store content (blob, repository) and the quota grain.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ProjectQuotaGrainTests(RegistryClusterFixture fixture)
{
    private static string NewProject() => "q" + Guid.NewGuid().ToString("N")[..12];

    private IProjectQuotaGrain Quota(string project) => fixture.Client.GetGrain<IProjectQuotaGrain>(project);

    private IBlobGrain Blob(string digest) => fixture.Client.GetGrain<IBlobGrain>(digest);

    private async Task<string> CreateProjectAsync(long storageLimit)
    {
        var name = NewProject();
        var result = await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(
            new CreateProjectRequest("admin", new Dictionary<string, string>(), storageLimit));
        Assert.True(result.Succeeded, result.Message);
        return name;
    }

    private async Task<(LinkOutcome Outcome, string Digest)> UploadAsync(string repository, byte[] bytes)
    {
        var uploadId = TestContent.NewUploadId();
        var digest = await TestContent.WriteUploadAsync(fixture, uploadId, bytes);
        return (await Blob(digest).TryPublishAsync(uploadId, bytes.Length, repository), digest);
    }

    private async Task<long> UsedAsync(string project) => (await Quota(project).GetAsync())!.Used;

    [Fact]
    public async Task TryCreate_with_invalid_storage_limit_is_BadRequest_and_creates_nothing()
    {
        var name = NewProject();

        var result = await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(
            new CreateProjectRequest("admin", new Dictionary<string, string>(), 0));

        Assert.Equal(RegistryError.BadRequest, result.Error);
        Assert.Null(await fixture.Client.GetGrain<IProjectGrain>(name).GetAsync());
        Assert.Null(await Quota(name).GetAsync());
    }

    [Fact]
    public async Task Publish_charges_each_blob_once_per_project_and_in_each_project()
    {
        var first = await CreateProjectAsync(StorageLimits.Unlimited);
        var second = await CreateProjectAsync(StorageLimits.Unlimited);
        var bytes = TestContent.RandomBytes(1000);

        Assert.Equal(LinkOutcome.Linked, (await UploadAsync($"{first}/one", bytes)).Outcome);
        Assert.Equal(LinkOutcome.Linked, (await UploadAsync($"{first}/two", bytes)).Outcome);
        var (outcome, digest) = await UploadAsync($"{second}/one", bytes);

        Assert.Equal(LinkOutcome.Linked, outcome);
        Assert.Equal(LinkOutcome.Linked, await Blob(digest).TryLinkAsync($"{first}/three", $"{first}/one"));
        Assert.Equal(1000, await UsedAsync(first));
        Assert.Equal(1000, await UsedAsync(second));
    }

    [Fact]
    public async Task Publish_past_the_limit_is_refused_links_nothing_and_charges_nothing()
    {
        var project = await CreateProjectAsync(1000);
        var repository = $"{project}/app";
        Assert.Equal(LinkOutcome.Linked, (await UploadAsync(repository, TestContent.RandomBytes(700))).Outcome);

        var (outcome, digest) = await UploadAsync(repository, TestContent.RandomBytes(301));

        Assert.Equal(LinkOutcome.QuotaExceeded, outcome);
        Assert.False(await Blob(digest).IsLinkedAsync(repository));
        Assert.Null(await Blob(digest).GetAsync());
        Assert.Equal(700, await UsedAsync(project));
        var message = await Quota(project).DescribeExceededAsync(301);
        Assert.StartsWith("Quota exceeded when processing the request of adding 301 B of storage resource", message, StringComparison.Ordinal);
        Assert.EndsWith("current usage of 700 B will exceed the configured upper limit of 1000 B.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blobs_already_in_the_project_link_free_even_at_the_limit()
    {
        var project = await CreateProjectAsync(1000);
        var bytes = TestContent.RandomBytes(1000);
        var (_, digest) = await UploadAsync($"{project}/one", bytes);

        Assert.Equal(LinkOutcome.Linked, (await UploadAsync($"{project}/two", bytes)).Outcome);
        Assert.Equal(LinkOutcome.Linked, await Blob(digest).TryLinkAsync($"{project}/three", null));
        Assert.Equal(LinkOutcome.QuotaExceeded, (await UploadAsync($"{project}/two", TestContent.RandomBytes(1))).Outcome);
        Assert.Equal(1000, await UsedAsync(project));
    }

    [Fact]
    public async Task Mount_into_a_full_project_is_refused_and_links_nothing()
    {
        var source = await CreateProjectAsync(StorageLimits.Unlimited);
        var target = await CreateProjectAsync(100);
        var (_, digest) = await UploadAsync($"{source}/app", TestContent.RandomBytes(101));

        Assert.Equal(LinkOutcome.QuotaExceeded, await Blob(digest).TryLinkAsync($"{target}/app", $"{source}/app"));

        Assert.False(await Blob(digest).IsLinkedAsync($"{target}/app"));
        Assert.Equal(0, await UsedAsync(target));
    }

    [Fact]
    public async Task Manifest_bytes_count_and_a_manifest_past_the_limit_is_refused()
    {
        var project = await CreateProjectAsync(2000);
        var repository = $"{project}/app";
        var config = TestContent.Utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        var layer = TestContent.RandomBytes(1000);
        var (_, configDigest) = await UploadAsync(repository, config);
        var (_, layerDigest) = await UploadAsync(repository, layer);
        var manifest = Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length));
        var repo = fixture.Client.GetGrain<IRepositoryGrain>(repository);

        var stored = await repo.PutManifestAsync(new PutManifestRequest("v1", null, manifest));
        var retagged = await repo.PutManifestAsync(new PutManifestRequest("v2", null, manifest));

        Assert.True(stored.Succeeded, stored.Message);
        Assert.True(retagged.Succeeded, retagged.Message);
        Assert.Equal(config.Length + layer.Length + manifest.Length, await UsedAsync(project));

        await Quota(project).TrySetHardAsync(await UsedAsync(project) + 10);
        var other = Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length), artifactType: "application/vnd.example+json");
        var refused = await repo.PutManifestAsync(new PutManifestRequest("v3", null, other));

        Assert.Equal(RegistryError.QuotaExceeded, refused.Error);
        Assert.StartsWith("Quota exceeded", refused.Message, StringComparison.Ordinal);
        Assert.Null(await repo.GetManifestAsync("v3"));
        Assert.Equal(config.Length + layer.Length + manifest.Length, await UsedAsync(project));
    }

    [Fact]
    public async Task Usage_is_released_only_when_the_projects_last_reference_goes()
    {
        var project = await CreateProjectAsync(StorageLimits.Unlimited);
        var bytes = TestContent.RandomBytes(500);
        var (_, digest) = await UploadAsync($"{project}/one", bytes);
        await UploadAsync($"{project}/two", bytes);

        Assert.True(await Blob(digest).UnlinkAsync($"{project}/one"));
        Assert.Equal(500, await UsedAsync(project));
        Assert.True(await Blob(digest).UnlinkAsync($"{project}/two"));
        Assert.Equal(0, await UsedAsync(project));
    }

    [Fact]
    public async Task Manifest_delete_frees_its_bytes_and_the_layers_only_it_used()
    {
        var project = await CreateProjectAsync(StorageLimits.Unlimited);
        var repository = $"{project}/app";
        var config = TestContent.Utf8("{\"os\":\"linux\"}");
        var otherConfig = TestContent.Utf8("{\"os\":\"plan9\"}");
        var layer = TestContent.RandomBytes(300);
        var (_, configDigest) = await UploadAsync(repository, config);
        var (_, otherConfigDigest) = await UploadAsync(repository, otherConfig);
        var (_, layerDigest) = await UploadAsync(repository, layer);
        var repo = fixture.Client.GetGrain<IRepositoryGrain>(repository);
        var first = Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length));
        var second = Manifests.Image((otherConfigDigest, otherConfig.Length), (layerDigest, layer.Length));
        var firstDigest = (await repo.PutManifestAsync(new PutManifestRequest("v1", null, first))).Digest!;
        var secondDigest = (await repo.PutManifestAsync(new PutManifestRequest("v2", null, second))).Digest!;

        Assert.Equal(RegistryError.None, (await repo.TryDeleteManifestAsync(firstDigest)).Error);
        Assert.Equal(otherConfig.Length + layer.Length + second.Length, await UsedAsync(project));

        Assert.Equal(RegistryError.None, (await repo.TryDeleteManifestAsync(secondDigest)).Error);
        Assert.Equal(0, await UsedAsync(project));
    }

    [Fact]
    public async Task Concurrent_uploads_racing_for_the_last_bytes_never_over_admit()
    {
        const long limit = 10_000;
        var project = await CreateProjectAsync(limit);
        var sizes = Enumerable.Range(0, 40).Select(i => 300 + (i * 37 % 400)).ToList();

        var results = await Task.WhenAll(sizes.Select(size => Task.Run(async () =>
        {
            var (outcome, _) = await UploadAsync($"{project}/app{size % 3}", TestContent.RandomBytes(size));
            return (outcome, size);
        })));

        var admitted = results.Where(r => r.outcome == LinkOutcome.Linked).Sum(r => (long)r.size);
        Assert.All(results, r => Assert.Contains(r.outcome, new[] { LinkOutcome.Linked, LinkOutcome.QuotaExceeded }));
        Assert.Contains(results, r => r.outcome == LinkOutcome.QuotaExceeded);
        Assert.InRange(admitted, limit - 700, limit);
        Assert.Equal(admitted, await UsedAsync(project));
        Assert.Equal(admitted, (await Quota(project).RecomputeAsync()).Quota!.Used);
    }

    [Fact]
    public async Task Crossing_the_warning_threshold_records_one_warning_event()
    {
        var project = await CreateProjectAsync(1000);
        var projectId = (await Quota(project).GetAsync())!.ProjectId;

        await UploadAsync($"{project}/app", TestContent.RandomBytes(800));
        await UploadAsync($"{project}/app", TestContent.RandomBytes(60));
        await UploadAsync($"{project}/app", TestContent.RandomBytes(60));
        await UploadAsync($"{project}/app", TestContent.RandomBytes(500));

        var events = await fixture.Metadata.ListAuditLogsAsync(
            new AuditLogQuery([new AuditFilter("resource_type", AuditMatch.Exact, [QuotaEvents.ResourceType])], [], 1, 100, [projectId]),
            TestContext.Current.CancellationToken);
        var warning = Assert.Single(events.Items, e => e.Event.Operation == QuotaEvents.Warning);
        Assert.Equal(project, warning.Event.Resource);
        Assert.Equal("quota usage reach 85%: resource storage used 860 B of 1000 B", warning.Event.Description);
        var exceeded = Assert.Single(events.Items, e => e.Event.Operation == QuotaEvents.Exceed);
        Assert.False(exceeded.Event.Succeeded);
        Assert.StartsWith("Quota exceeded", exceeded.Event.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recompute_after_mixed_operations_equals_the_tracked_usage()
    {
        var project = await CreateProjectAsync(StorageLimits.Unlimited);
        var shared = TestContent.RandomBytes(400);
        var (_, sharedDigest) = await UploadAsync($"{project}/one", shared);
        await UploadAsync($"{project}/two", shared);
        var (_, gone) = await UploadAsync($"{project}/one", TestContent.RandomBytes(250));
        var config = TestContent.Utf8("{\"os\":\"linux\"}");
        var (_, configDigest) = await UploadAsync($"{project}/two", config);
        var repo = fixture.Client.GetGrain<IRepositoryGrain>($"{project}/two");
        var kept = (await repo.PutManifestAsync(new PutManifestRequest("v1", null, Manifests.Image((configDigest, config.Length), (sharedDigest, shared.Length))))).Digest!;
        var deleted = (await repo.PutManifestAsync(new PutManifestRequest("v2", null,
            Manifests.Image((configDigest, config.Length), (sharedDigest, shared.Length), artifactType: "application/vnd.example+json")))).Digest!;
        await Blob(gone).UnlinkAsync($"{project}/one");
        await Blob(sharedDigest).UnlinkAsync($"{project}/one");
        _ = await repo.TryDeleteManifestAsync(deleted);

        var tracked = await UsedAsync(project);
        var recomputed = await Quota(project).RecomputeAsync();

        Assert.True(recomputed.Succeeded);
        Assert.Equal(tracked, recomputed.Quota!.Used);
        Assert.Equal(shared.Length + config.Length + (await repo.GetManifestAsync(kept))!.Content.Length, tracked);
    }

    [Fact]
    public async Task TrySetHard_validates_and_needs_a_quota()
    {
        var project = await CreateProjectAsync(StorageLimits.Unlimited);

        Assert.Equal(RegistryError.BadRequest, (await Quota(project).TrySetHardAsync(0)).Error);
        Assert.Equal(RegistryError.ProjectNotFound, (await Quota(NewProject()).TrySetHardAsync(5)).Error);
        var updated = await Quota(project).TrySetHardAsync(5);
        Assert.Equal(5, updated.Quota!.Hard);
        Assert.Equal(5, (await Quota(project).GetAsync())!.Hard);
    }
}
