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
}
