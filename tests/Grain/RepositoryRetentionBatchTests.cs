using System.Globalization;
using System.Text.Json.Nodes;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Retention.Oci;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// Retention's batched deletions on the repository grain over the real SQLite store: the same outcome as deleting
/// item by item, refusals per item, quota released by what is freed, and a pass carried out in steps between which
/// the repository serves pushes.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class RepositoryRetentionBatchTests(RegistryClusterFixture fixture)
{
    private const string SignatureType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    private IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    private IRepositoryRetentionGrain Retention(string name) => fixture.Client.GetGrain<IRepositoryRetentionGrain>(name);

    private static RetentionRule KeepLatest(int k, string tags) =>
        new(1, 0, false, RetentionVocabulary.RetainAction, RetentionVocabulary.LatestPushedK,
            new Dictionary<string, string> { [RetentionVocabulary.LatestPushedK] = k.ToString(CultureInfo.InvariantCulture) },
            [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.Matches, tags, "{\"untagged\":false}")],
            [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.RepoMatches, "**", null)]);

    private static RetentionRepositoryRequest Request(bool dryRun, RetentionRule rule, long executionId = 11) => new(executionId, [rule], dryRun);

    private static string Tag(int i) => "t" + i.ToString("D2", CultureInfo.InvariantCulture);

    private async Task<string> CreateProjectAsync()
    {
        var name = "b" + Guid.NewGuid().ToString("N")[..12];
        var created = await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(
            new CreateProjectRequest("admin", new Dictionary<string, string>(), StorageLimits.Unlimited));
        Assert.True(created.Succeeded, created.Message);
        return name;
    }

    private async Task<string> PushAsync(string name, string reference, byte[] content)
    {
        var result = await Repository(name).PutManifestAsync(new PutManifestRequest(reference, ManifestMediaTypes.OciManifest, content));
        Assert.True(result.Succeeded, result.Message);
        return result.Digest!;
    }

    private async Task<IReadOnlyList<string>> TagsAsync(string name) => (await Repository(name).ListTagsAsync(null, null)).Tags;

    private async Task<long> UsedAsync(string project) => (await fixture.Client.GetGrain<IProjectQuotaGrain>(project).GetAsync())!.Used;

    /// <summary>An image over a shared config and its own layer (the same bytes for the same marker in any repository).</summary>
    private async Task<(string Digest, long Size, string Layer, long LayerSize)> PushImageAsync(
        string name, string reference, (string Digest, long Size) config, string marker, string? subject = null)
    {
        var layer = TestContent.Utf8("layer of " + marker);
        var layerDigest = await TestContent.PublishBlobAsync(fixture, name, layer);
        var root = JsonNode.Parse(Manifests.Image(config, (layerDigest, layer.Length), subject, subject is null ? null : SignatureType))!.AsObject();
        root["annotations"] = new JsonObject { ["marker"] = marker };
        var content = TestContent.Utf8(root.ToJsonString());
        return (await PushAsync(name, reference, content), content.Length, layerDigest, layer.Length);
    }

    /// <summary>
    /// Twelve images t00..t11 (each its own layer), t11 also tagged <c>alias</c> (which no rule keeps: a tag deletion,
    /// the artifact stays for t11), and an untagged signature of t01 (deleted with it).
    /// </summary>
    private async Task<Dictionary<string, (string Digest, long Size, string Layer, long LayerSize)>> SeedAsync(string name)
    {
        var configBytes = TestContent.Utf8("{}");
        var config = (await TestContent.PublishBlobAsync(fixture, name, configBytes), (long)configBytes.Length);
        var images = new Dictionary<string, (string, long, string, long)>(StringComparer.Ordinal);
        for (var i = 0; i < 12; i++)
        {
            images[Tag(i)] = await PushImageAsync(name, Tag(i), config, Tag(i));
        }

        Assert.Equal(RegistryError.None, await Repository(name).TryTagAsync(images[Tag(11)].Item1, "alias"));
        images["sig"] = await PushImageAsync(name, "x", config, "sig", images[Tag(1)].Item1);
        Assert.True((await Repository(name).TryDeleteTagAsync("x")).Succeeded);
        return images;
    }

    [Fact]
    public async Task Batched_run_deletes_exactly_what_deleting_item_by_item_does_and_releases_the_same_quota()
    {
        var batchedProject = await CreateProjectAsync();
        var singleProject = await CreateProjectAsync();
        var batched = batchedProject + "/app";
        var single = singleProject + "/app";
        var images = await SeedAsync(batched);
        Assert.Equal(images, await SeedAsync(single));
        var rule = KeepLatest(3, "t*");

        // Item by item, as retention did before: the dry run's tag deletions, then its artifact deletions.
        var plan = await Retention(single).ApplyRetentionAsync(Request(true, rule));
        foreach (var action in plan.Actions.Where(a => a.Kind == RetentionActionKind.TagDeleted))
        {
            Assert.True((await Repository(single).TryDeleteTagAsync(action.Tag!)).Succeeded);
        }

        foreach (var digest in plan.Actions.Where(a => a.Kind == RetentionActionKind.ArtifactDeleted).Select(a => a.Digest).Distinct())
        {
            Assert.True((await Repository(single).TryDeleteManifestAsync(digest)).Succeeded);
        }

        var dry = await Retention(batched).ApplyRetentionAsync(Request(true, rule));
        var real = await Retention(batched).ApplyRetentionAsync(Request(false, rule));

        Assert.Equal(plan.Actions, dry.Actions);
        Assert.Equal(dry.Actions, real.Actions);
        Assert.Contains(real.Actions, a => a.Kind == RetentionActionKind.TagDeleted);
        Assert.Contains(real.Actions, a => a.Kind == RetentionActionKind.ArtifactDeleted && a.Digest == images["sig"].Digest);
        Assert.Equal(await TagsAsync(single), await TagsAsync(batched));
        Assert.Equal(["t09", "t10", "t11"], await TagsAsync(batched));
        foreach (var (_, image) in images)
        {
            Assert.Equal(await Repository(single).GetManifestAsync(image.Digest) is null, await Repository(batched).GetManifestAsync(image.Digest) is null);
            Assert.Equal(
                await fixture.Client.GetGrain<IBlobGrain>(image.Layer).IsLinkedAsync(single),
                await fixture.Client.GetGrain<IBlobGrain>(image.Layer).IsLinkedAsync(batched));
        }

        Assert.Equal(await UsedAsync(singleProject), await UsedAsync(batchedProject));

        // The index the grain kept agrees with the store.
        await fixture.ReactivateAsync(Repository(batched));
        Assert.Equal(["t09", "t10", "t11"], await TagsAsync(batched));
    }

    [Fact]
    public async Task Quota_released_equals_the_bytes_the_deleted_manifests_and_their_own_layers_held()
    {
        var project = await CreateProjectAsync();
        var name = project + "/app";
        var images = await SeedAsync(name);
        var before = await UsedAsync(project);

        var result = await Retention(name).ApplyRetentionAsync(Request(false, KeepLatest(3, "t*")));

        var deleted = result.Actions.Where(a => a.Kind == RetentionActionKind.ArtifactDeleted).Select(a => a.Digest).ToHashSet();
        Assert.Equal(10, deleted.Count);
        var freed = images.Values.Where(i => deleted.Contains(i.Digest)).Sum(i => i.Size + i.LayerSize);
        Assert.True(freed > 0);
        Assert.Equal(before - freed, await UsedAsync(project));
        foreach (var image in images.Values)
        {
            Assert.Equal(!deleted.Contains(image.Digest), await fixture.Client.GetGrain<IBlobGrain>(image.Layer).IsLinkedAsync(name));
        }
    }

    [Fact]
    public async Task A_tag_made_immutable_after_planning_is_skipped_in_its_batch_while_the_rest_go()
    {
        var project = await CreateProjectAsync();
        var name = project + "/app";
        await SeedAsync(name);

        var step = await Retention(name).BeginRetentionAsync(Request(false, KeepLatest(3, "t*"), executionId: 21));
        Assert.False(step.IsDone);
        var rule = new ImmutableRule(0, 0, false, "", "", null,
            [new ImmutableSelector("doublestar", "matches", "t03")],
            new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new ImmutableSelector("doublestar", "repoMatches", "**")] });
        Assert.True((await fixture.Client.GetGrain<IProjectImmutabilityGrain>(project).TryCreateImmutableRuleAsync(rule)).Succeeded);
        while (!step.IsDone)
        {
            step = await Retention(name).ContinueRetentionAsync(21);
        }

        var t03 = step.Result!.Actions.Single(a => a.Tag == "t03");
        Assert.Equal(RetentionActionKind.Skipped, t03.Kind);
        Assert.StartsWith("deletion refused: TagImmutable: the artifact ", t03.Reason, StringComparison.Ordinal);
        Assert.Contains("the tag t03 configured as immutable", t03.Reason, StringComparison.Ordinal);
        Assert.Equal(["t03", "t09", "t10", "t11"], await TagsAsync(name));
        Assert.Equal(9, step.Result.Actions.Count(a => a.Kind == RetentionActionKind.ArtifactDeleted));
        Assert.Equal(RetentionActionKind.TagDeleted, step.Result.Actions.Single(a => a.Tag == "alias").Kind);
    }

    [Fact]
    public async Task A_push_between_steps_succeeds_and_a_tag_pushed_onto_a_planned_artifact_saves_it()
    {
        var name = TestContent.NewRepository();
        var configBytes = TestContent.Utf8("{}");
        var layerBytes = TestContent.RandomBytes();
        var config = (await TestContent.PublishBlobAsync(fixture, name, configBytes), (long)configBytes.Length);
        var layer = (await TestContent.PublishBlobAsync(fixture, name, layerBytes), (long)layerBytes.Length);
        var seed = await PushAsync(name, "s0000", Manifests.Image(config, layer));
        var record = Assert.Single((await fixture.Metadata.LoadRepositoryAsync(name, CancellationToken.None)).Manifests);
        // Enough artifacts for three steps, written straight to the store (each its own digest), then loaded by a fresh activation.
        const int Total = (2 * OciRepositoryRetention.DeletionsPerStep) + 500;
        static string Seeded(int i) => "s" + i.ToString("D4", CultureInfo.InvariantCulture);
        string DigestOf(int i) => i == 0 ? seed : "sha256:" + i.ToString("x64", CultureInfo.InvariantCulture);
        foreach (var chunk in Enumerable.Range(1, Total - 1).Chunk(500))
        {
            await Task.WhenAll(chunk.Select(i => fixture.Metadata.PutManifestAsync(
                record with { Digest = DigestOf(i), PushedAt = record.PushedAt.AddSeconds(i) }, Seeded(i), CancellationToken.None)));
        }

        await fixture.ReactivateAsync(Repository(name));
        var step = await Retention(name).BeginRetentionAsync(Request(false, KeepLatest(10, "s*"), executionId: 31));
        Assert.Equal(Total - 10, step.Remaining);

        // The repository answers between the steps of the pass.
        var freshContent = JsonNode.Parse(Manifests.Image(config, layer))!.AsObject();
        freshContent["annotations"] = new JsonObject { ["marker"] = "fresh" };
        var fresh = await PushAsync(name, "fresh", TestContent.Utf8(freshContent.ToJsonString()));
        Assert.Equal(RegistryError.None, await Repository(name).TryTagAsync(DigestOf(7), "pinned"));
        var steps = 0;
        while (!step.IsDone)
        {
            step = await Retention(name).ContinueRetentionAsync(31);
            steps++;
        }

        Assert.Equal(3, steps);
        var result = step.Result!;
        var saved = result.Actions.Single(a => a.Tag == Seeded(7));
        Assert.Equal(RetentionActionKind.Skipped, saved.Kind);
        Assert.Contains("was tagged pinned since its deletion was decided", saved.Reason, StringComparison.Ordinal);
        Assert.Equal(Total - 11, result.Actions.Count(a => a.Kind == RetentionActionKind.ArtifactDeleted));
        Assert.Equal(
            new[] { "fresh", "pinned", Seeded(7) }.Concat(Enumerable.Range(Total - 10, 10).Select(Seeded)).Order(StringComparer.Ordinal),
            await TagsAsync(name));
        Assert.NotNull(await Repository(name).GetManifestAsync(fresh));
        Assert.NotNull(await Repository(name).GetManifestAsync(DigestOf(7)));
        Assert.Null(await Repository(name).GetManifestAsync(seed));
    }

    [Fact]
    public async Task Continue_without_a_pass_under_way_throws_and_deletes_nothing()
    {
        var name = TestContent.NewRepository();
        var configBytes = TestContent.Utf8("{}");
        var config = (await TestContent.PublishBlobAsync(fixture, name, configBytes), (long)configBytes.Length);
        var layerBytes = TestContent.RandomBytes();
        var layer = (await TestContent.PublishBlobAsync(fixture, name, layerBytes), (long)layerBytes.Length);
        await PushAsync(name, "v1", Manifests.Image(config, layer));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Retention(name).ContinueRetentionAsync(41));
        var step = await Retention(name).BeginRetentionAsync(Request(false, KeepLatest(0, "v*"), executionId: 42));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Retention(name).ContinueRetentionAsync(41));

        Assert.Equal(1, step.Remaining);
        Assert.Equal(["v1"], await TagsAsync(name));
    }
}
