using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class RepositoryGrainTests(RegistryClusterFixture fixture)
{
    private const string SignatureType = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private const string SbomType = "application/spdx+json";

    private IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    [Fact]
    public async Task PutManifest_by_tag_with_linked_blobs_stores_manifest_and_tag()
    {
        var name = TestContent.NewRepository();
        var content = await ImageWithBlobsAsync(name);

        var result = await Put(name, "v1", content);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(TestContent.DigestOf(content), result.Digest);
        Assert.Null(result.Subject);
        var byTag = await Repository(name).GetManifestAsync("v1");
        Assert.NotNull(byTag);
        Assert.Equal(content, byTag.Content);
        Assert.Equal(ManifestMediaTypes.OciManifest, byTag.MediaType);
        Assert.Equal(result.Digest, byTag.Digest);
        Assert.Equal(content, (await Repository(name).GetManifestAsync(result.Digest!))!.Content);
        Assert.Equal(["v1"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.True(await Repository(name).ExistsAsync());
    }

    [Fact]
    public async Task PutManifest_by_digest_stores_manifest_without_tag()
    {
        var name = TestContent.NewRepository();
        var content = await ImageWithBlobsAsync(name);
        var digest = TestContent.DigestOf(content);

        var result = await Put(name, digest, content);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(digest, result.Digest);
        Assert.Equal(content, (await Repository(name).GetManifestAsync(digest))!.Content);
        Assert.Empty((await Repository(name).ListTagsAsync(null, null)).Tags);
    }

    [Fact]
    public async Task PutManifest_same_content_twice_moves_no_state_and_keeps_one_manifest()
    {
        var name = TestContent.NewRepository();
        var content = await ImageWithBlobsAsync(name);

        var first = await Put(name, "a", content);
        var second = await Put(name, "b", content);

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(["a", "b"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.Single((await fixture.Metadata.LoadRepositoryAsync(name, CancellationToken.None)).Manifests);
    }

    [Fact]
    public async Task PutManifest_digest_not_matching_content_returns_DigestInvalid_and_stores_nothing()
    {
        var name = TestContent.NewRepository();
        var content = await ImageWithBlobsAsync(name);
        var wrong = TestContent.DigestOf(TestContent.RandomBytes());

        var result = await Put(name, wrong, content);

        Assert.Equal(RegistryError.DigestInvalid, result.Error);
        Assert.Null(result.Digest);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task PutManifest_unsupported_digest_algorithm_returns_DigestInvalid()
    {
        var name = TestContent.NewRepository();
        var content = await ImageWithBlobsAsync(name);

        var result = await Put(name, "sha512:" + new string('a', 128), content);

        Assert.Equal(RegistryError.DigestInvalid, result.Error);
        await AssertEmptyAsync(name, content);
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("bad!tag")]
    [InlineData("a/b")]
    public async Task PutManifest_invalid_tag_returns_TagInvalid_and_stores_nothing(string tag)
    {
        var name = TestContent.NewRepository();
        var content = await ImageWithBlobsAsync(name);

        var result = await Put(name, tag, content);

        Assert.Equal(RegistryError.TagInvalid, result.Error);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task PutManifest_with_unlinked_layer_returns_ManifestBlobUnknown_and_stores_nothing()
    {
        var name = TestContent.NewRepository();
        var config = await PublishAsync(name, TestContent.Utf8("{\"architecture\":\"amd64\"}"));
        var foreignLayer = await PublishAsync(TestContent.NewRepository(), TestContent.RandomBytes());
        var content = Manifests.Image(config, foreignLayer);

        var result = await Put(name, "v1", content);

        Assert.Equal(RegistryError.ManifestBlobUnknown, result.Error);
        Assert.Contains(foreignLayer.Digest, result.Message, StringComparison.Ordinal);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task PutManifest_with_never_uploaded_config_returns_ManifestBlobUnknown()
    {
        var name = TestContent.NewRepository();
        var layer = await PublishAsync(name, TestContent.RandomBytes());
        var content = Manifests.Image((TestContent.DigestOf(TestContent.RandomBytes()), 10), layer);

        var result = await Put(name, "v1", content);

        Assert.Equal(RegistryError.ManifestBlobUnknown, result.Error);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task PutManifest_index_with_unknown_child_returns_ManifestBlobUnknown_and_stores_nothing()
    {
        var name = TestContent.NewRepository();
        var child = await ImageWithBlobsAsync(name);
        var content = Manifests.Index(Manifests.Descriptor(ManifestMediaTypes.OciManifest, TestContent.DigestOf(child), child.Length));

        var result = await Put(name, "multi", content);

        Assert.Equal(RegistryError.ManifestBlobUnknown, result.Error);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task PutManifest_index_with_pushed_child_is_stored()
    {
        var name = TestContent.NewRepository();
        var child = await ImageWithBlobsAsync(name);
        var childDigest = TestContent.DigestOf(child);
        Assert.True((await Put(name, childDigest, child)).Succeeded);
        var content = Manifests.Index(Manifests.Descriptor(ManifestMediaTypes.OciManifest, childDigest, child.Length));

        var result = await Put(name, "multi", content);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(ManifestMediaTypes.OciIndex, (await Repository(name).GetManifestAsync("multi"))!.MediaType);
    }

    [Fact]
    public async Task PutManifest_allowing_absent_children_stores_the_index_with_its_references_and_a_child_stored_later_is_tied_to_it()
    {
        var name = TestContent.NewRepository();
        var present = await ImageWithBlobsAsync(name);
        var absent = await ImageWithBlobsAsync(name);
        Assert.True((await Put(name, TestContent.DigestOf(present), present)).Succeeded);
        var content = Manifests.Index([
            Manifests.Descriptor(ManifestMediaTypes.OciManifest, TestContent.DigestOf(present), present.Length),
            Manifests.Descriptor(ManifestMediaTypes.OciManifest, TestContent.DigestOf(absent), absent.Length)]);

        var result = await Repository(name).PutManifestAsync(new PutManifestRequest("multi", null, content, AllowAbsentChildren: true));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(content, (await Repository(name).GetManifestAsync("multi"))!.Content);
        Assert.Null(await Repository(name).GetManifestAsync(TestContent.DigestOf(absent)));
        var stored = (await fixture.Metadata.LoadRepositoryAsync(name, CancellationToken.None)).Manifests
            .Single(m => m.Digest == TestContent.DigestOf(content));
        Assert.Contains(new ManifestReference(TestContent.DigestOf(absent), ReferenceKind.Manifest), stored.References);

        Assert.True((await Put(name, TestContent.DigestOf(absent), absent)).Succeeded);
        await fixture.ReactivateAsync(Repository(name));
        Assert.Equal(absent, (await Repository(name).GetManifestAsync(TestContent.DigestOf(absent)))!.Content);
        Assert.Equal(content, (await Repository(name).GetManifestAsync("multi"))!.Content);
    }

    [Fact]
    public async Task PutManifest_allowing_absent_children_still_requires_the_blobs_of_an_image_and_stores_nothing_without_them()
    {
        var name = TestContent.NewRepository();
        var config = (TestContent.DigestOf(TestContent.Utf8("{}")), 2L);
        var layer = await PublishAsync(name, TestContent.RandomBytes());
        var content = Manifests.Image(config, layer);

        var result = await Repository(name).PutManifestAsync(new PutManifestRequest("v1", null, content, AllowAbsentChildren: true));

        Assert.Equal(RegistryError.ManifestBlobUnknown, result.Error);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task PutManifest_larger_than_4MiB_returns_ManifestTooLarge_and_stores_nothing()
    {
        var name = TestContent.NewRepository();
        var content = new byte[RepositoryGrain.MaxManifestBytes + 1];
        content.AsSpan().Fill((byte)' ');

        var result = await Put(name, "big", content);

        Assert.Equal(RegistryError.ManifestTooLarge, result.Error);
        Assert.False(await Repository(name).ExistsAsync());
        Assert.Empty((await Repository(name).ListTagsAsync(null, null)).Tags);
    }

    [Fact]
    public async Task PutManifest_malformed_json_returns_ManifestInvalid_and_stores_nothing()
    {
        var name = TestContent.NewRepository();
        var content = TestContent.Utf8("{\"schemaVersion\": 2, ");

        var result = await Put(name, "v1", content);

        Assert.Equal(RegistryError.ManifestInvalid, result.Error);
        await AssertEmptyAsync(name, content);
    }

    [Fact]
    public async Task GetReferrers_lists_manifests_naming_subject_and_filters_by_artifact_type()
    {
        var name = TestContent.NewRepository();
        var subject = TestContent.DigestOf(await PushImageAsync(name, "v1"));
        var signature = await PushArtifactAsync(name, subject, SignatureType);
        var sbom = await PushArtifactAsync(name, subject, SbomType);

        var all = await Repository(name).GetReferrersAsync(subject, null);
        var signatures = await Repository(name).GetReferrersAsync(subject, SignatureType);

        Assert.Equal(new[] { signature, sbom }.Order(StringComparer.Ordinal), all.Select(r => r.Digest));
        Assert.All(all, r => Assert.Equal(ManifestMediaTypes.OciManifest, r.MediaType));
        var only = Assert.Single(signatures);
        Assert.Equal(signature, only.Digest);
        Assert.Equal(SignatureType, only.ArtifactType);
        Assert.Empty(await Repository(name).GetReferrersAsync(subject, "application/x-none"));
        Assert.Empty(await Repository(name).GetReferrersAsync(signature, null));
    }

    [Fact]
    public async Task PutManifest_with_subject_reports_subject_even_when_subject_absent()
    {
        var name = TestContent.NewRepository();
        var missingSubject = TestContent.DigestOf(TestContent.RandomBytes());
        var config = await PublishAsync(name, TestContent.Utf8("{}"));
        var layer = await PublishAsync(name, TestContent.RandomBytes());

        var result = await Put(name, "sig", Manifests.Image(config, layer, missingSubject, SignatureType, ManifestMediaTypes.OciEmpty));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(missingSubject, result.Subject);
        Assert.Equal(result.Digest, Assert.Single(await Repository(name).GetReferrersAsync(missingSubject, null)).Digest);
    }

    [Fact]
    public async Task GetReferrers_merges_referrers_tag_schema_index_without_duplicates()
    {
        var name = TestContent.NewRepository();
        var subject = TestContent.DigestOf(await PushImageAsync(name, "v1"));
        var signature = await PushArtifactAsync(name, subject, SignatureType);
        var legacy = await ImageWithBlobsAsync(name);
        var legacyDigest = TestContent.DigestOf(legacy);
        Assert.True((await Put(name, legacyDigest, legacy)).Succeeded);
        var fallback = Manifests.Index(
            Manifests.Descriptor(ManifestMediaTypes.OciManifest, signature, 300),
            WithArtifactType(Manifests.Descriptor(ManifestMediaTypes.OciManifest, legacyDigest, legacy.Length), SbomType));
        var put = await Put(name, ReferrersTagSchema.TagFor(subject), fallback);
        Assert.True(put.Succeeded, put.Message);

        var all = await Repository(name).GetReferrersAsync(subject, null);
        var sboms = await Repository(name).GetReferrersAsync(subject, SbomType);

        Assert.Equal([signature, legacyDigest], all.Select(r => r.Digest));
        Assert.Equal(legacy.Length, all[1].Size);
        Assert.Equal(legacyDigest, Assert.Single(sboms).Digest);
    }

    [Fact]
    public async Task DeleteManifest_removes_manifest_its_tags_and_referrer_entry()
    {
        var name = TestContent.NewRepository();
        var subject = TestContent.DigestOf(await PushImageAsync(name, "v1"));
        var signature = await PushArtifactAsync(name, subject, SignatureType, tag: "sig");
        var other = await PushArtifactAsync(name, subject, SbomType);
        await Put(name, "sig-copy", (await Repository(name).GetManifestAsync(signature))!.Content);

        Assert.Equal(RegistryError.None, (await Repository(name).TryDeleteManifestAsync(signature)).Error);

        Assert.Null(await Repository(name).GetManifestAsync(signature));
        Assert.Null(await Repository(name).GetManifestAsync("sig"));
        Assert.Equal(["v1"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.Equal(other, Assert.Single(await Repository(name).GetReferrersAsync(subject, null)).Digest);
        var stored = await fixture.Metadata.LoadRepositoryAsync(name, CancellationToken.None);
        Assert.DoesNotContain(stored.Manifests, m => m.Digest == signature);
        Assert.DoesNotContain(stored.Tags, t => t.Digest == signature);
    }

    [Fact]
    public async Task DeleteManifest_unknown_digest_returns_ManifestUnknown()
    {
        var name = TestContent.NewRepository();
        await PushImageAsync(name, "v1");

        var error = (await Repository(name).TryDeleteManifestAsync(TestContent.DigestOf(TestContent.RandomBytes()))).Error;

        Assert.Equal(RegistryError.ManifestUnknown, error);
        Assert.Equal(["v1"], (await Repository(name).ListTagsAsync(null, null)).Tags);
    }

    [Fact]
    public async Task DeleteTag_removes_tag_and_keeps_manifest()
    {
        var name = TestContent.NewRepository();
        var content = await PushImageAsync(name, "v1");
        await Put(name, "latest", content);

        Assert.Equal(RegistryError.None, (await Repository(name).TryDeleteTagAsync("v1")).Error);

        Assert.Null(await Repository(name).GetManifestAsync("v1"));
        Assert.Equal(content, (await Repository(name).GetManifestAsync("latest"))!.Content);
        Assert.NotNull(await Repository(name).GetManifestAsync(TestContent.DigestOf(content)));
        Assert.Equal(["latest"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.Equal(RegistryError.ManifestUnknown, (await Repository(name).TryDeleteTagAsync("v1")).Error);
    }

    [Fact]
    public async Task ListTags_pages_in_ordinal_order_with_has_more()
    {
        var name = TestContent.NewRepository();
        var content = await PushImageAsync(name, "b");
        foreach (var tag in new[] { "a", "C", "d", "c" })
        {
            Assert.True((await Put(name, tag, content)).Succeeded);
        }

        var first = await Repository(name).ListTagsAsync(null, 2);
        var second = await Repository(name).ListTagsAsync(first.Tags[^1], 2);
        var third = await Repository(name).ListTagsAsync(second.Tags[^1], 2);

        Assert.Equal(["C", "a"], first.Tags);
        Assert.True(first.HasMore);
        Assert.Equal(["b", "c"], second.Tags);
        Assert.True(second.HasMore);
        Assert.Equal(["d"], third.Tags);
        Assert.False(third.HasMore);
    }

    [Fact]
    public async Task Reactivation_reloads_acknowledged_writes_from_store()
    {
        var name = TestContent.NewRepository();
        var image = await PushImageAsync(name, "v1");
        var imageDigest = TestContent.DigestOf(image);
        await Put(name, "v2", image);
        var signature = await PushArtifactAsync(name, imageDigest, SignatureType, tag: "sig");
        var doomed = await PushArtifactAsync(name, imageDigest, SbomType, tag: "sbom");
        Assert.Equal(RegistryError.None, (await Repository(name).TryDeleteTagAsync("v2")).Error);
        Assert.Equal(RegistryError.None, (await Repository(name).TryDeleteManifestAsync(doomed)).Error);

        await fixture.ReactivateAsync(Repository(name));

        Assert.Equal(["sig", "v1"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.Equal(image, (await Repository(name).GetManifestAsync("v1"))!.Content);
        Assert.Equal(signature, (await Repository(name).GetManifestAsync("sig"))!.Digest);
        Assert.Null(await Repository(name).GetManifestAsync(doomed));
        var referrer = Assert.Single(await Repository(name).GetReferrersAsync(imageDigest, null));
        Assert.Equal(signature, referrer.Digest);
        Assert.Equal(SignatureType, referrer.ArtifactType);
        Assert.True(await Repository(name).ExistsAsync());
    }

    /// <summary>A PUT without Content-Type: the manifest's own mediaType field decides.</summary>
    private Task<PutManifestResult> Put(string name, string reference, byte[] content) =>
        Repository(name).PutManifestAsync(new PutManifestRequest(reference, null, content));

    private async Task<(string Digest, long Size)> PublishAsync(string name, byte[] bytes) =>
        (await TestContent.PublishBlobAsync(fixture, name, bytes), bytes.Length);

    /// <summary>An image manifest whose config and layer are published and linked to <paramref name="name"/>.</summary>
    private async Task<byte[]> ImageWithBlobsAsync(string name)
    {
        var config = await PublishAsync(name, TestContent.Utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}"));
        var layer = await PublishAsync(name, TestContent.RandomBytes());
        return Manifests.Image(config, layer);
    }

    private async Task<byte[]> PushImageAsync(string name, string tag)
    {
        var content = await ImageWithBlobsAsync(name);
        var result = await Put(name, tag, content);
        Assert.True(result.Succeeded, result.Message);
        return content;
    }

    private async Task<string> PushArtifactAsync(string name, string subject, string artifactType, string? tag = null)
    {
        var config = await PublishAsync(name, TestContent.Utf8("{}"));
        var layer = await PublishAsync(name, TestContent.RandomBytes());
        var content = Manifests.Image(config, layer, subject, artifactType, ManifestMediaTypes.OciEmpty);
        var digest = TestContent.DigestOf(content);
        var result = await Put(name, tag ?? digest, content);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(subject, result.Subject);
        return digest;
    }

    private async Task AssertEmptyAsync(string name, byte[] content)
    {
        Assert.Null(await Repository(name).GetManifestAsync(TestContent.DigestOf(content)));
        Assert.Empty((await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.False(await Repository(name).ExistsAsync());
        var stored = await fixture.Metadata.LoadRepositoryAsync(name, CancellationToken.None);
        Assert.Empty(stored.Manifests);
        Assert.Empty(stored.Tags);
    }

    private static System.Text.Json.Nodes.JsonObject WithArtifactType(System.Text.Json.Nodes.JsonObject descriptor, string artifactType)
    {
        descriptor["artifactType"] = artifactType;
        return descriptor;
    }
}
