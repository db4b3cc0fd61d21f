using System.Text.Json.Nodes;
using ArtifactKeeper.Replication.Transfer;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>The copier's order, skips, mounts, accessories and tag rules, between in-memory registries.</summary>
public sealed class ArtifactCopierTests
{
    private const string From = "src/app";
    private const string To = "dst/app";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Leaves_are_pushed_before_what_names_them_and_tags_last()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var amd64 = TestArtifacts.Image(source, From);
        var arm64 = TestArtifacts.Image(source, From);
        var index = TestArtifacts.Index(source, From, "v1", amd64, arm64);
        var signature = TestArtifacts.Signature(source, From, index);

        var result = await NewCopier().CopyAsync(Request(source, index, destination, "v1"), null, Ct);

        var writes = destination.Writes;
        foreach (var child in new[] { amd64, arm64 })
        {
            foreach (var blob in ManifestLinks.Read(child).Blobs)
            {
                Assert.True(Position(writes, $"blob {To} {blob.Digest}") < Position(writes, $"manifest {To} {child.Digest}"));
            }

            Assert.True(Position(writes, $"manifest {To} {child.Digest}") < Position(writes, $"manifest {To} {index.Digest}"));
        }

        Assert.True(Position(writes, $"manifest {To} {index.Digest}") < Position(writes, $"manifest {To} {signature.Digest}"));
        Assert.Equal($"manifest {To} v1", writes[^1]);
        Assert.Equal(index.Digest, destination.TagTarget(To, "v1"));
        Assert.Equal(new ArtifactCopyResult(5, 6, 0, 0, result.BytesSent, []), result with { TagsSkipped = [] });
        Assert.Empty(result.TagsSkipped);
    }

    [Fact]
    public async Task Bytes_sent_count_every_pushed_blob_byte_and_progress_reports_the_running_total()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var image = TestArtifacts.Image(source, From, "v1");
        var expected = ManifestLinks.Read(image).Blobs.Sum(b => b.Size);
        var progress = new RecordingProgress();

        var result = await NewCopier().CopyAsync(Request(source, image, destination, "v1") with { ChunkSize = 512 }, progress, Ct);

        Assert.Equal(expected, result.BytesSent);
        Assert.Equal(expected, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.All(destination.ChunkSizes, size => Assert.Equal(512, size));
    }

    [Fact]
    public async Task A_second_copy_skips_every_blob_and_puts_nothing()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var index = TestArtifacts.Index(source, From, "v1", TestArtifacts.Image(source, From), TestArtifacts.Image(source, From));
        TestArtifacts.Signature(source, From, index);
        var copier = NewCopier();
        await copier.CopyAsync(Request(source, index, destination, "v1"), null, Ct);
        var writes = destination.Writes.Count;

        var again = await copier.CopyAsync(Request(source, index, destination, "v1"), null, Ct);

        Assert.Equal(new ArtifactCopyResult(0, 0, 6, 0, 0, []), again with { TagsSkipped = [] });
        Assert.Equal(writes, destination.Writes.Count);
    }

    [Fact]
    public async Task Blobs_recently_pushed_to_another_repository_of_the_destination_are_mounted()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var image = TestArtifacts.Image(source, From, "v1");
        var copier = NewCopier();
        await copier.CopyAsync(Request(source, image, destination, "v1"), null, Ct);

        var result = await copier.CopyAsync(Request(source, image, destination, "v1") with { DestinationRepository = "other/app" }, null, Ct);

        Assert.Equal(2, result.BlobsMounted);
        Assert.Equal(0, result.BlobsPushed);
        Assert.Equal(0, result.BytesSent);
        Assert.DoesNotContain(destination.Writes, w => w.StartsWith("blob other/app", StringComparison.Ordinal));
        Assert.Equal(image.Digest, destination.TagTarget("other/app", "v1"));
    }

    [Fact]
    public async Task A_destination_tag_naming_another_digest_is_left_alone_without_override()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var image = TestArtifacts.Image(source, From, "v1");
        TestArtifacts.Image(source, From, "latest");
        var diverging = TestArtifacts.Image(destination, To, "v1");

        var kept = await NewCopier().CopyAsync(Request(source, image, destination, "v1", "v2"), null, Ct);

        Assert.Equal(["v1"], kept.TagsSkipped);
        Assert.Equal(diverging.Digest, destination.TagTarget(To, "v1"));
        Assert.Equal(image.Digest, destination.TagTarget(To, "v2"));

        var overridden = await NewCopier().CopyAsync(Request(source, image, destination, "v1") with { Override = true }, null, Ct);

        Assert.Empty(overridden.TagsSkipped);
        Assert.Equal(image.Digest, destination.TagTarget(To, "v1"));
    }

    [Fact]
    public async Task To_a_destination_without_referrers_api_the_referrers_are_listed_under_the_fallback_tag()
    {
        var source = new InMemoryOciRegistry();
        var destination = new InMemoryOciRegistry(referrersApi: false);
        var image = TestArtifacts.Image(source, From, "v1");
        var signature = TestArtifacts.Signature(source, From, image);
        var fallbackTag = AccessoryTags.ReferrersTag(image.Digest);

        await NewCopier().CopyAsync(Request(source, image, destination, "v1"), null, Ct);

        var index = await destination.GetManifestAsync(To, fallbackTag, Ct);
        Assert.NotNull(index);
        Assert.Equal(TestArtifacts.OciIndex, index.MediaType);
        var entry = Assert.Single(JsonNode.Parse(index.Content)!["manifests"]!.AsArray())!;
        Assert.Equal(signature.Digest, (string?)entry["digest"]);
        Assert.Equal(signature.Content.Length, (long?)entry["size"]);
        Assert.Equal(TestArtifacts.CosignSignature, (string?)entry["artifactType"]);
        Assert.Equal("signature", (string?)entry["annotations"]!["org.example.kind"]);
        Assert.True(Position(destination.Writes, $"manifest {To} {signature.Digest}") < Position(destination.Writes, $"manifest {To} {fallbackTag}"));
        Assert.Equal($"manifest {To} v1", destination.Writes[^1]);
    }

    [Fact]
    public async Task The_fallback_index_keeps_what_the_destination_listed_and_adds_each_referrer_once()
    {
        var source = new InMemoryOciRegistry();
        var destination = new InMemoryOciRegistry(referrersApi: false);
        var image = TestArtifacts.Image(source, From, "v1");
        TestArtifacts.Signature(source, From, image);
        var copier = NewCopier();
        await copier.CopyAsync(Request(source, image, destination, "v1"), null, Ct);
        TestArtifacts.Signature(source, From, image);

        await copier.CopyAsync(Request(source, image, destination, "v1"), null, Ct);
        await copier.CopyAsync(Request(source, image, destination, "v1"), null, Ct);

        var index = await destination.GetManifestAsync(To, AccessoryTags.ReferrersTag(image.Digest), Ct);
        Assert.Equal(2, JsonNode.Parse(index!.Content)!["manifests"]!.AsArray().Count);
    }

    [Fact]
    public async Task From_a_source_without_referrers_api_the_fallback_index_and_cosign_tags_bring_the_accessories()
    {
        var source = new InMemoryOciRegistry(referrersApi: false);
        var destination = new InMemoryOciRegistry();
        var image = TestArtifacts.Image(source, From, "v1");
        var attestation = TestArtifacts.Signature(source, From, image);
        TestArtifacts.Index(source, From, AccessoryTags.ReferrersTag(image.Digest), attestation);
        var legacy = TestArtifacts.Image(source, From, AccessoryTags.CosignTags(image.Digest)[0]);

        await NewCopier().CopyAsync(Request(source, image, destination, "v1"), null, Ct);

        Assert.NotNull(await destination.HeadManifestAsync(To, attestation.Digest, Ct));
        Assert.Equal(legacy.Digest, destination.TagTarget(To, AccessoryTags.CosignTags(image.Digest)[0]));
        var referrers = await destination.GetReferrersAsync(To, image.Digest, Ct);
        Assert.Equal(attestation.Digest, Assert.Single(referrers.Manifests).Digest);
    }

    [Fact]
    public async Task A_manifest_missing_at_the_source_fails_for_good()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var image = TestArtifacts.Image(new InMemoryOciRegistry(), From);

        var failure = await Assert.ThrowsAsync<OciRegistryException>(() => NewCopier().CopyAsync(Request(source, image, destination), null, Ct));

        Assert.False(failure.Transient);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, failure.StatusCode);
        Assert.Empty(destination.Writes);
    }

    [Fact]
    public async Task A_source_serving_other_bytes_than_the_digest_names_fails_before_anything_is_put()
    {
        var (source, destination) = (new InMemoryOciRegistry(), new InMemoryOciRegistry());
        var image = TestArtifacts.Image(source, From);
        source.AddManifest(From, image with { Content = [.. image.Content, (byte)' '] });

        var failure = await Assert.ThrowsAsync<OciRegistryException>(() => NewCopier().CopyAsync(Request(source, image, destination), null, Ct));

        Assert.Equal("DIGEST_INVALID", failure.ErrorCode);
        Assert.Empty(destination.Writes);
    }

    [Fact]
    public async Task Delete_removes_the_digest_or_else_what_the_tags_name()
    {
        var destination = new InMemoryOciRegistry();
        var image = TestArtifacts.Image(destination, To, "v1");
        var other = TestArtifacts.Image(destination, To, "v2");
        var copier = NewCopier();

        Assert.True(await copier.DeleteAsync(destination, To, image.Digest, [], Ct));
        Assert.Null(await destination.HeadManifestAsync(To, image.Digest, Ct));

        Assert.True(await copier.DeleteAsync(destination, To, image.Digest, ["v2"], Ct));
        Assert.Null(await destination.HeadManifestAsync(To, other.Digest, Ct));

        Assert.False(await copier.DeleteAsync(destination, To, image.Digest, ["v2"], Ct));
    }

    private static ArtifactCopier NewCopier() => new(new RecentBlobLocations(), TimeProvider.System, NullLogger<ArtifactCopier>.Instance);

    private static ArtifactCopyRequest Request(InMemoryOciRegistry source, OciManifest manifest, InMemoryOciRegistry destination, params string[] tags) =>
        new(source, From, manifest.Digest, tags, destination, To, Override: false, ChunkSize: null, BytesPerSecond: null);

    private static int Position(List<string> writes, string write)
    {
        var index = writes.IndexOf(write);
        Assert.True(index >= 0, $"'{write}' was never written; writes: {string.Join(", ", writes)}");
        return index;
    }

    private sealed class RecordingProgress : IProgress<long>
    {
        public List<long> Values { get; } = [];

        public void Report(long value) => Values.Add(value);
    }
}
