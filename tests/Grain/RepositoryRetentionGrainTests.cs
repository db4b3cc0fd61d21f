using System.Text.Json.Nodes;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// <see cref="IRepositoryRetentionGrain.ApplyRetentionAsync"/> on the repository grain over the real SQLite store:
/// deletion per tag through the grain's own delete paths, protections, and a dry run that equals the real run.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class RepositoryRetentionGrainTests(RegistryClusterFixture fixture)
{
    private const string SignatureType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    private IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    private IRepositoryRetentionGrain Retention(string name) => fixture.Client.GetGrain<IRepositoryRetentionGrain>(name);

    private static RetentionRule KeepLatest(int k, string tags, string repositories = "**", int id = 1) =>
        new(id, 0, false, RetentionVocabulary.RetainAction, RetentionVocabulary.LatestPushedK,
            new Dictionary<string, string> { [RetentionVocabulary.LatestPushedK] = k.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.Matches, tags, "{\"untagged\":false}")],
            [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.RepoMatches, repositories, null)]);

    private static RetentionRepositoryRequest Request(bool dryRun, params RetentionRule[] rules) => new(7, rules, dryRun);

    /// <summary>Publishes one config and one layer; manifests built on them differ by an annotation.</summary>
    private async Task<((string, long) Config, (string, long) Layer)> BlobsAsync(string name)
    {
        var config = TestContent.Utf8("{}");
        var layer = TestContent.RandomBytes();
        return ((await TestContent.PublishBlobAsync(fixture, name, config), config.Length),
                (await TestContent.PublishBlobAsync(fixture, name, layer), layer.Length));
    }

    private static byte[] Image(((string Digest, long Size) Config, (string Digest, long Size) Layer) blobs, string marker, string? subject = null)
    {
        var root = JsonNode.Parse(Manifests.Image(blobs.Config, blobs.Layer, subject, subject is null ? null : SignatureType))!.AsObject();
        root["annotations"] = new JsonObject { ["marker"] = marker };
        return TestContent.Utf8(root.ToJsonString());
    }

    private async Task<string> PushAsync(string name, string reference, byte[] content)
    {
        var result = await Repository(name).PutManifestAsync(new PutManifestRequest(reference, ManifestMediaTypes.OciManifest, content));
        Assert.True(result.Succeeded, result.Message);
        return result.Digest!;
    }

    private async Task<IReadOnlyList<string>> TagsAsync(string name) => (await Repository(name).ListTagsAsync(null, null)).Tags;

    private static string Tag(int i) => "v" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Keep_latest_10_of_100_tags_matching_v_deletes_exactly_90_and_dry_run_equals_real_run()
    {
        var name = TestContent.NewRepository();
        var blobs = await BlobsAsync(name);
        var digests = new Dictionary<string, string>();
        for (var i = 0; i < 100; i++)
        {
            digests[Tag(i)] = await PushAsync(name, Tag(i), Image(blobs, Tag(i)));
        }

        var dry = await Retention(name).ApplyRetentionAsync(Request(true, KeepLatest(10, "v*")));

        Assert.Equal(100, (await TagsAsync(name)).Count);
        var real = await Retention(name).ApplyRetentionAsync(Request(false, KeepLatest(10, "v*")));

        Assert.Equal(dry.Actions, real.Actions);
        Assert.Equal((name, 100, 10), (real.Repository, real.Total, real.Retained));
        var kept = Enumerable.Range(90, 10).Select(Tag).ToList();
        Assert.Equal(kept, await TagsAsync(name));
        Assert.Equal(kept, real.Actions.Where(a => a.Kind == RetentionActionKind.Retained).Select(a => a.Tag).Order(StringComparer.Ordinal));
        var deleted = real.Actions.Where(a => a.Kind == RetentionActionKind.ArtifactDeleted).ToList();
        Assert.Equal(90, deleted.Count);
        Assert.All(deleted, a => Assert.Equal(digests[a.Tag!], a.Digest));
        Assert.Null(await Repository(name).GetManifestAsync(digests[Tag(0)]));
        Assert.NotNull(await Repository(name).GetManifestAsync(digests[Tag(99)]));

        await fixture.ReactivateAsync(Repository(name));
        Assert.Equal(kept, await TagsAsync(name));
        var again = await Retention(name).ApplyRetentionAsync(Request(false, KeepLatest(10, "v*")));
        Assert.Equal((10, 10), (again.Total, again.Retained));
    }

    private async Task<string> ProjectWithImmutableTagAsync(string tagPattern)
    {
        var project = "r" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(project).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
        var rule = new ImmutableRule(0, 0, false, "", "", null,
            [new ImmutableSelector("doublestar", "matches", tagPattern)],
            new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new ImmutableSelector("doublestar", "repoMatches", "**")] });
        Assert.True((await fixture.Client.GetGrain<IProjectImmutabilityGrain>(project).TryCreateImmutableRuleAsync(rule)).Succeeded);
        return project;
    }

    [Fact]
    public async Task Immutable_tags_and_accessories_of_kept_artifacts_survive_and_accessories_of_deleted_ones_go()
    {
        var name = await ProjectWithImmutableTagAsync("t03") + "/app";
        var blobs = await BlobsAsync(name);
        var digests = new Dictionary<string, string>();
        for (var i = 0; i < 20; i++)
        {
            var tag = "t" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            digests[tag] = await PushAsync(name, tag, Image(blobs, tag));
        }

        var keptSignature = await PushAsync(name, "x", Image(blobs, "sig-19", digests["t19"]));
        var goneSignature = await PushAsync(name, "x", Image(blobs, "sig-01", digests["t01"]));
        var cosignTag = AccessoryTypeTag(digests["t18"]);
        var cosign = await PushAsync(name, cosignTag, Image(blobs, "cosign-18"));
        var goneCosignTag = AccessoryTypeTag(digests["t02"]);
        await PushAsync(name, goneCosignTag, Image(blobs, "cosign-02"));
        await Repository(name).TryDeleteTagAsync("x");
        var rule = KeepLatest(5, "t*");

        var dry = await Retention(name).ApplyRetentionAsync(Request(true, rule));
        var real = await Retention(name).ApplyRetentionAsync(Request(false, rule));

        Assert.Equal(dry.Actions, real.Actions);
        Assert.Equal(
            new[] { "t03", "t15", "t16", "t17", "t18", "t19", cosignTag }.Order(StringComparer.Ordinal),
            await TagsAsync(name));
        var t03 = real.Actions.Single(a => a.Tag == "t03");
        Assert.Equal(RetentionActionKind.Skipped, t03.Kind);
        Assert.StartsWith("immutable tag: immutable rule", t03.Reason, StringComparison.Ordinal);
        Assert.Equal(RetentionActionKind.Skipped, real.Actions.Single(a => a.Tag == cosignTag).Kind);
        Assert.Equal($"signature of {digests["t18"]}, which is kept", real.Actions.Single(a => a.Tag == cosignTag).Reason);
        var signature = real.Actions.Single(a => a.Digest == keptSignature);
        Assert.Equal((RetentionActionKind.Skipped, (string?)null), (signature.Kind, signature.Tag));
        Assert.Equal(keptSignature, Assert.Single(await Repository(name).GetReferrersAsync(digests["t19"], null)).Digest);
        Assert.NotNull(await Repository(name).GetManifestAsync(cosign));
        Assert.Equal(RetentionActionKind.ArtifactDeleted, real.Actions.Single(a => a.Digest == goneSignature).Kind);
        Assert.Null(await Repository(name).GetManifestAsync(goneSignature));
        Assert.Equal(RetentionActionKind.ArtifactDeleted, real.Actions.Single(a => a.Tag == goneCosignTag).Kind);
        Assert.Equal((24, 8), (real.Total, real.Retained));
    }

    private static string AccessoryTypeTag(string subject) => subject.Replace(':', '-') + ".sig";

    [Fact]
    public async Task Deletion_is_per_tag_and_label_and_pull_rules_read_the_store()
    {
        var name = TestContent.NewRepository();
        var blobs = await BlobsAsync(name);
        var shared = await PushAsync(name, "v1", Image(blobs, "one"));
        await PushAsync(name, "dev-1", Image(blobs, "one"));
        var labelled = await PushAsync(name, "nightly-1", Image(blobs, "two"));
        var pulled = await PushAsync(name, "nightly-2", Image(blobs, "three"));
        var gone = await PushAsync(name, "nightly-3", Image(blobs, "four"));
        var label = await fixture.Metadata.TryCreateLabelAsync(
            new ArtifactKeeper.Storage.Metadata.LabelRecord(0, "keep-" + Guid.NewGuid().ToString("N")[..8], "", "", "g", 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
            CancellationToken.None);
        await fixture.Metadata.TryAddArtifactLabelAsync(name, labelled, label!.LabelId, DateTimeOffset.UtcNow, CancellationToken.None);
        await fixture.Metadata.RecordPullsAsync([new ArtifactKeeper.Storage.Metadata.PullTally(name, pulled, 1, fixture.Clock.GetUtcNow())], CancellationToken.None);
        RetentionRule Always(int id, params RetentionSelector[] selectors) =>
            new(id, 0, false, RetentionVocabulary.RetainAction, RetentionVocabulary.Always, new Dictionary<string, string>(), selectors, []);
        var pulledRecently = new RetentionRule(3, 0, false, RetentionVocabulary.RetainAction, RetentionVocabulary.NDaysSinceLastPull,
            new Dictionary<string, string> { [RetentionVocabulary.NDaysSinceLastPull] = "1" }, [], []);

        var result = await Retention(name).ApplyRetentionAsync(Request(false,
            Always(1, new RetentionSelector(RetentionVocabulary.Regexp, RetentionVocabulary.Matches, @"v\d+", null)),
            Always(2, new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithLabels, label.Name, null)),
            pulledRecently));

        Assert.Equal(["nightly-1", "nightly-2", "v1"], await TagsAsync(name));
        Assert.Equal(RetentionActionKind.TagDeleted, result.Actions.Single(a => a.Tag == "dev-1").Kind);
        Assert.NotNull(await Repository(name).GetManifestAsync(shared));
        Assert.StartsWith("retained by rule 2 ", result.Actions.Single(a => a.Tag == "nightly-1").Reason, StringComparison.Ordinal);
        Assert.StartsWith("retained by rule 3 ", result.Actions.Single(a => a.Tag == "nightly-2").Reason, StringComparison.Ordinal);
        Assert.Equal(RetentionActionKind.ArtifactDeleted, result.Actions.Single(a => a.Tag == "nightly-3").Kind);
        Assert.Null(await Repository(name).GetManifestAsync(gone));
    }

    [Fact]
    public async Task Index_children_live_with_their_index()
    {
        var name = TestContent.NewRepository();
        var blobs = await BlobsAsync(name);
        async Task<string> IndexAsync(string tag)
        {
            var amd = Image(blobs, tag + "-amd64");
            var arm = Image(blobs, tag + "-arm64");
            var amdDigest = await PushAsync(name, TestContent.DigestOf(amd), amd);
            var armDigest = await PushAsync(name, TestContent.DigestOf(arm), arm);
            var index = Manifests.Index(
                Manifests.Descriptor(ManifestMediaTypes.OciManifest, amdDigest, amd.Length),
                Manifests.Descriptor(ManifestMediaTypes.OciManifest, armDigest, arm.Length));
            var result = await Repository(name).PutManifestAsync(new PutManifestRequest(tag, ManifestMediaTypes.OciIndex, index));
            Assert.True(result.Succeeded, result.Message);
            return amdDigest;
        }

        var oldChild = await IndexAsync("v1");
        var newChild = await IndexAsync("v2");

        var result = await Retention(name).ApplyRetentionAsync(Request(false, KeepLatest(1, "v*")));

        Assert.Equal(["v2"], await TagsAsync(name));
        Assert.Null(await Repository(name).GetManifestAsync(oldChild));
        Assert.NotNull(await Repository(name).GetManifestAsync(newChild));
        Assert.Equal((6, 3), (result.Total, result.Retained));
        Assert.Equal(2, result.Actions.Count(a => a.Kind == RetentionActionKind.Skipped && a.Reason.StartsWith("child of index", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Out_of_scope_or_invalid_rules_delete_nothing()
    {
        var name = TestContent.NewRepository();
        var blobs = await BlobsAsync(name);
        await PushAsync(name, "v1", Image(blobs, "one"));
        await PushAsync(name, "v2", Image(blobs, "two"));

        var elsewhere = await Retention(name).ApplyRetentionAsync(Request(false, KeepLatest(0, "**", repositories: "other-*")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Retention(name).ApplyRetentionAsync(Request(false, KeepLatest(0, "**"), KeepLatest(1, "v[", id: 2))));

        Assert.All(elsewhere.Actions, a => Assert.Equal(RetentionActionKind.Skipped, a.Kind));
        Assert.Equal(["v1", "v2"], await TagsAsync(name));
    }

    [Fact]
    public async Task Ten_thousand_tags_are_evaluated_in_one_dry_run()
    {
        var name = TestContent.NewRepository();
        var blobs = await BlobsAsync(name);
        await PushAsync(name, "t00000", Image(blobs, "shared"));
        var record = Assert.Single((await fixture.Metadata.LoadRepositoryAsync(name, CancellationToken.None)).Manifests);
        // Written concurrently straight to the store (the group-commit writer batches them), then loaded by a fresh activation.
        foreach (var chunk in Enumerable.Range(1, 9_999).Chunk(1_000))
        {
            await Task.WhenAll(chunk.Select(i => fixture.Metadata.PutManifestAsync(
                record with { PushedAt = record.PushedAt.AddSeconds(i) }, "t" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)));
        }

        await fixture.ReactivateAsync(Repository(name));
        Assert.Equal(10_000, (await TagsAsync(name)).Count);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Retention(name).ApplyRetentionAsync(Request(true, KeepLatest(100, "t*")));
        TestContext.Current.SendDiagnosticMessage($"retention dry run over 10,000 tags: {watch.ElapsedMilliseconds} ms");

        Assert.Equal((10_000, 100), (result.Total, result.Retained));
        Assert.Equal(9_900, result.Actions.Count(a => a.Kind == RetentionActionKind.TagDeleted));
    }
}
