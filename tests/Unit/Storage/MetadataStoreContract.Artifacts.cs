using System.Text;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Harbor's repository, artifact and tag listings on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";

    private static ManifestRecord Artifact(
        string repository, string configMediaType, string salt, DateTimeOffset at, string? subject = null, string? artifactType = null,
        IReadOnlyList<ManifestReference>? references = null)
    {
        var content = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{OciManifest}}","config":{"mediaType":"{{configMediaType}}","digest":"sha256:c{{salt}}","size":2},"layers":[]}""");
        return new ManifestRecord(
            repository, Sha(content), OciManifest, artifactType ?? configMediaType, content.Length, subject, content,
            references ?? [], null, at);
    }

    private static ManifestRecord IndexOf(string repository, DateTimeOffset at, params ManifestRecord[] children)
    {
        var list = string.Join(",", children.Select(c => $$"""{"mediaType":"{{OciManifest}}","digest":"{{c.Digest}}","size":{{c.Size}}}"""));
        var content = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{OciIndex}}","manifests":[{{list}}]}""");
        return new ManifestRecord(
            repository, Sha(content), OciIndex, null, content.Length, null, content,
            children.Select(c => new ManifestReference(c.Digest, ReferenceKind.Manifest)).ToList(), null, at);
    }

    private static string Sha(byte[] content) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    private static ListQuery Page(int page, int size, IReadOnlyDictionary<string, QueryValue>? filters = null, params SortKey[] sorts) =>
        new(filters ?? new Dictionary<string, QueryValue>(), sorts, page, size);

    [Fact]
    public async Task Repository_listing_has_ids_counts_top_level_artifacts_filters_and_pages()
    {
        var store = await StoreAsync();
        var open = await store.TryCreateProjectAsync("open", "admin", Meta(true), T0, Ct);
        await store.TryCreateProjectAsync("closed", "admin", Meta(false), T0, Ct);
        var a1 = Artifact("open/web", "application/vnd.oci.image.config.v1+json", "1", T0);
        var a2 = Artifact("open/web", "application/vnd.oci.image.config.v1+json", "2", T0.AddSeconds(1));
        await store.PutManifestAsync(a1, null, Ct);
        await store.PutManifestAsync(a2, null, Ct);
        await store.PutManifestAsync(IndexOf("open/web", T0.AddSeconds(2), a1, a2), "v1", Ct);
        await store.PutManifestAsync(Artifact("open/web", "application/vnd.oci.empty.v1+json", "sig", T0.AddSeconds(3), subject: a1.Digest), null, Ct);
        await store.PutManifestAsync(Artifact("open/db", "application/vnd.oci.image.config.v1+json", "3", T0.AddSeconds(4)), "v1", Ct);
        await store.PutManifestAsync(Artifact("closed/app", "application/vnd.oci.image.config.v1+json", "4", T0.AddSeconds(5)), "v1", Ct);

        var byName = await store.ListRepositoryPageAsync(
            new RepositoryListQuery(Page(1, 10, null, new SortKey(RepositoryFields.Name, false)), "open", ProjectVisibility.All), Ct);
        var fuzzy = await store.ListRepositoryPageAsync(
            new RepositoryListQuery(Page(1, 10, new Dictionary<string, QueryValue> { [RepositoryFields.Name] = new FuzzyValue("WE") }), null, ProjectVisibility.All), Ct);
        var publicOnly = await store.ListRepositoryPageAsync(new RepositoryListQuery(Page(1, 1), null, ProjectVisibility.PublicOnly), Ct);
        var all = await store.ListRepositoryPageAsync(new RepositoryListQuery(Page(1, 10), null, ProjectVisibility.All), Ct);

        Assert.Equal(["open/db", "open/web"], byName.Items.Select(r => r.Name));
        var web = byName.Items[1];
        Assert.Equal(2, byName.Total);
        Assert.Equal(1, web.ArtifactCount);
        Assert.Equal(open!.ProjectId, web.ProjectId);
        Assert.True(web.RepositoryId > 0);
        Assert.NotEqual(byName.Items[0].RepositoryId, web.RepositoryId);
        Assert.Equal(["open/web"], fuzzy.Items.Select(r => r.Name));
        Assert.Equal(2, publicOnly.Total);
        Assert.Single(publicOnly.Items);
        Assert.Equal(3, all.Total);
        Assert.Equal("closed/app", all.Items[0].Name);
    }

    [Fact]
    public async Task Repository_description_updates_and_empty_repository_deletes()
    {
        var store = await StoreAsync();
        var manifest = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0);
        await store.PutManifestAsync(manifest, "v1", Ct);

        Assert.True(await store.UpdateRepositoryDescriptionAsync("lib/app", "about é", T0.AddHours(1), Ct));
        Assert.False(await store.UpdateRepositoryDescriptionAsync("lib/none", "x", T0, Ct));
        var read = await store.GetRepositoryListingAsync("lib/app", Ct);
        Assert.Equal("about é", read!.Description);
        Assert.Equal(T0.AddHours(1), read.UpdateTime);
        Assert.Null(await store.GetRepositoryListingAsync("lib/none", Ct));

        Assert.False(await store.DeleteRepositoryIfEmptyAsync("lib/app", Ct));
        await store.DeleteManifestAsync("lib/app", manifest.Digest, Ct);
        Assert.True(await store.DeleteRepositoryIfEmptyAsync("lib/app", Ct));
        Assert.Null(await store.GetRepositoryListingAsync("lib/app", Ct));
    }

    [Fact]
    public async Task Artifact_listing_filters_by_tags_digest_media_type_and_type()
    {
        var store = await StoreAsync();
        var image = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0);
        var chart = Artifact("lib/app", "application/vnd.cncf.helm.config.v1+json", "2", T0.AddSeconds(1));
        var other = Artifact("lib/app", "application/vnd.acme.rocket.config.v1+json", "3", T0.AddSeconds(2));
        var empty = Artifact("lib/app", "application/vnd.oci.empty.v1+json", "4", T0.AddSeconds(3), artifactType: "application/x-thing");
        await store.PutManifestAsync(image, "v1", Ct);
        await store.PutManifestAsync(image, "v1.1", Ct);
        await store.PutManifestAsync(chart, "chart", Ct);
        await store.PutManifestAsync(other, null, Ct);
        await store.PutManifestAsync(empty, null, Ct);

        async Task<List<string>> Digests(string field, QueryValue value) =>
            (await store.ListArtifactsAsync(new ArtifactListQuery("lib/app", Page(1, 10, new Dictionary<string, QueryValue> { [field] = value })), Ct))
            .Items.Select(a => a.Digest).ToList();

        Assert.Equal([chart.Digest, image.Digest], await Digests(ArtifactFields.Tags, new ExactValue("*")));
        Assert.Equal([empty.Digest, other.Digest], await Digests(ArtifactFields.Tags, new ExactValue("nil")));
        Assert.Equal([image.Digest], await Digests(ArtifactFields.Tags, new FuzzyValue("1.")));
        Assert.Equal([chart.Digest], await Digests(ArtifactFields.Digest, new ExactValue(chart.Digest)));
        Assert.Equal([image.Digest], await Digests(ArtifactFields.MediaType, new ExactValue("application/vnd.oci.image.config.v1+json")));
        Assert.Equal([empty.Digest], await Digests(ArtifactFields.MediaType, new ExactValue("application/x-thing")));
        Assert.Equal([image.Digest], await Digests(ArtifactFields.Type, new ExactValue("IMAGE")));
        Assert.Equal([chart.Digest], await Digests(ArtifactFields.Type, new ExactValue("chart")));
        Assert.Equal([other.Digest], await Digests(ArtifactFields.Type, new ExactValue("ROCKET")));
        Assert.Equal([empty.Digest], await Digests(ArtifactFields.Type, new ExactValue("UNKNOWN")));
        Assert.Equal(4, (await Digests(ArtifactFields.ManifestMediaType, new ExactValue(OciManifest))).Count);
    }

    [Fact]
    public async Task Artifact_listing_hides_children_and_accessories_unless_base_is_star_and_pages_ties_without_gaps()
    {
        var store = await StoreAsync();
        var children = Enumerable.Range(0, 7).Select(i => Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "c" + i, T0)).ToList();
        foreach (var child in children)
        {
            await store.PutManifestAsync(child, null, Ct);
        }

        var index = IndexOf("lib/app", T0, children[0], children[1]);
        await store.PutManifestAsync(index, "multi", Ct);
        var signature = Artifact("lib/app", "application/vnd.oci.empty.v1+json", "sig", T0, subject: children[2].Digest);
        await store.PutManifestAsync(signature, null, Ct);

        var seen = new List<string>();
        long total = 0;
        for (var page = 1; page <= 3; page++)
        {
            var result = await store.ListArtifactsAsync(new ArtifactListQuery("lib/app", Page(page, 2)), Ct);
            total = result.Total;
            seen.AddRange(result.Items.Select(a => a.Digest));
        }

        var everything = await store.ListArtifactsAsync(
            new ArtifactListQuery("lib/app", Page(1, 100, new Dictionary<string, QueryValue> { [ArtifactFields.Base] = new ExactValue("*") })), Ct);
        Assert.Equal(6, total);
        Assert.Equal(6, seen.Distinct().Count());
        Assert.DoesNotContain(children[0].Digest, seen);
        Assert.DoesNotContain(signature.Digest, seen);
        Assert.Contains(index.Digest, seen);
        Assert.Equal(9, everything.Total);
        Assert.Equal(
            seen.Order(StringComparer.Ordinal),
            (await store.ListArtifactsAsync(new ArtifactListQuery("lib/app", Page(1, 6, null, new SortKey(ArtifactFields.Digest, false))), Ct)).Items.Select(a => a.Digest));
    }

    [Fact]
    public async Task A_cosign_sig_tag_of_a_stored_subject_is_an_accessory_and_not_listed_or_counted_on_its_own()
    {
        var store = await StoreAsync();
        var image = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0);
        var signature = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "cosign", T0.AddSeconds(1));
        var orphan = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "orphan", T0.AddSeconds(2));
        var lookalike = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "lookalike", T0.AddSeconds(3));
        await store.PutManifestAsync(image, "v1", Ct);
        await store.PutManifestAsync(signature, image.Digest.Replace(':', '-') + ".sig", Ct);
        // A .sig tag naming a digest that is not stored here, and a tag that only resembles the scheme, stay listed.
        await store.PutManifestAsync(orphan, "sha256-" + new string('0', 64) + ".sig", Ct);
        await store.PutManifestAsync(lookalike, image.Digest.Replace(':', '-') + ".sig.old", Ct);

        var listed = await store.ListArtifactsAsync(new ArtifactListQuery("lib/app", Page(1, 10)), Ct);
        var everything = await store.ListArtifactsAsync(
            new ArtifactListQuery("lib/app", Page(1, 10, new Dictionary<string, QueryValue> { [ArtifactFields.Base] = new ExactValue("*") })), Ct);
        var repository = Assert.Single((await store.ListRepositoryPageAsync(new RepositoryListQuery(Page(1, 10), null, ProjectVisibility.All), Ct)).Items);

        Assert.Equal(
            new[] { image.Digest, orphan.Digest, lookalike.Digest }.Order(StringComparer.Ordinal),
            listed.Items.Select(a => a.Digest).Order(StringComparer.Ordinal));
        Assert.Equal(3, listed.Total);
        Assert.Equal(4, everything.Total);
        Assert.Equal(3, repository.ArtifactCount);
    }

    [Fact]
    public async Task Cosign_att_and_sbom_tags_of_a_stored_subject_are_accessories_not_listed_or_counted()
    {
        var store = await StoreAsync();
        var image = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0);
        var attestation = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "att", T0.AddSeconds(1));
        var sbom = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "sbom", T0.AddSeconds(2));
        var orphan = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "orphan", T0.AddSeconds(3));
        var lookalike = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "lookalike", T0.AddSeconds(4));
        var stem = image.Digest.Replace(':', '-');
        await store.PutManifestAsync(image, "v1", Ct);
        await store.PutManifestAsync(attestation, stem + ".att", Ct);
        await store.PutManifestAsync(sbom, stem + ".sbom", Ct);
        // An .att tag naming a digest not stored here, and a tag that only resembles the scheme, stay listed.
        await store.PutManifestAsync(orphan, "sha256-" + new string('0', 64) + ".att", Ct);
        await store.PutManifestAsync(lookalike, stem + ".sbom2", Ct);

        var listed = await store.ListArtifactsAsync(new ArtifactListQuery("lib/app", Page(1, 10)), Ct);
        var everything = await store.ListArtifactsAsync(
            new ArtifactListQuery("lib/app", Page(1, 10, new Dictionary<string, QueryValue> { [ArtifactFields.Base] = new ExactValue("*") })), Ct);
        var repository = Assert.Single((await store.ListRepositoryPageAsync(new RepositoryListQuery(Page(1, 10), null, ProjectVisibility.All), Ct)).Items);
        var accessories = await store.ListAccessoryArtifactsAsync("lib/app", image.Digest, [stem + ".sig", stem + ".att", stem + ".sbom"], Ct);

        Assert.Equal(
            new[] { image.Digest, orphan.Digest, lookalike.Digest }.Order(StringComparer.Ordinal),
            listed.Items.Select(a => a.Digest).Order(StringComparer.Ordinal));
        Assert.Equal(3, listed.Total);
        Assert.Equal(5, everything.Total);
        Assert.Equal(3, repository.ArtifactCount);
        Assert.Equal([attestation.Digest, sbom.Digest], accessories.Select(a => a.Digest));
    }

    [Fact]
    public async Task Artifacts_are_found_by_tag_or_digest_with_stable_ids_tags_and_accessories()
    {
        var store = await StoreAsync();
        var image = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0);
        await store.PutManifestAsync(image, "v1", Ct);
        var byTag = await store.FindArtifactAsync("lib/app", "v1", false, Ct);
        await store.PutManifestAsync(image with { PushedAt = T0.AddMinutes(1) }, "v2", Ct);
        var signature = Artifact("lib/app", "application/vnd.oci.empty.v1+json", "sig", T0.AddMinutes(2), subject: image.Digest);
        var cosign = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "cosign", T0.AddMinutes(3));
        var cosignTag = image.Digest.Replace(':', '-') + ".sig";
        await store.PutManifestAsync(signature, null, Ct);
        await store.PutManifestAsync(cosign, cosignTag, Ct);

        var byDigest = await store.FindArtifactAsync("lib/app", image.Digest, true, Ct);
        var tags = await store.ListTagsOfAsync("lib/app", [image.Digest], Ct);
        var accessories = await store.ListAccessoryArtifactsAsync("lib/app", image.Digest, [cosignTag], Ct);

        Assert.NotNull(byTag);
        Assert.NotNull(byDigest);
        Assert.Equal(byTag, byDigest with { Content = byTag.Content });
        Assert.Equal(image.Content, byTag.Content);
        Assert.Equal(T0, byTag.PushedAt);
        Assert.Null(await store.FindArtifactAsync("lib/app", "v9", false, Ct));
        Assert.Null(await store.FindArtifactAsync("lib/other", image.Digest, true, Ct));
        Assert.Equal(["v2", "v1"], tags.Select(t => t.Name));
        Assert.NotEqual(tags[0].TagId, tags[1].TagId);
        Assert.Equal([signature.Digest, cosign.Digest], accessories.Select(a => a.Digest));
        Assert.Equal([image.Digest], (await store.FindArtifactsAsync("lib/app", [image.Digest, "sha256:missing"], Ct)).Select(a => a.Digest));
    }

    [Fact]
    public async Task Tags_of_one_artifact_page_filter_and_sort()
    {
        var store = await StoreAsync();
        var image = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0);
        for (var i = 0; i < 25; i++)
        {
            await store.PutManifestAsync(image with { PushedAt = T0.AddSeconds(i % 3) }, $"t{i:D2}", Ct);
        }

        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await store.ListArtifactTagsAsync("lib/app", image.Digest, Page(page, 10), Ct);
            Assert.Equal(25, result.Total);
            seen.AddRange(result.Items.Select(t => t.Name));
        }

        var byName = await store.ListArtifactTagsAsync("lib/app", image.Digest, Page(1, 3, null, new SortKey(TagFields.Name, true)), Ct);
        var filtered = await store.ListArtifactTagsAsync(
            "lib/app", image.Digest, Page(1, 10, new Dictionary<string, QueryValue> { [TagFields.Name] = new FuzzyValue("t1") }), Ct);

        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(["t24", "t23", "t22"], byName.Items.Select(t => t.Name));
        Assert.Equal(10, filtered.Total);
    }

    [Fact]
    public async Task Manifest_digests_list_indexes_before_their_children()
    {
        var store = await StoreAsync();
        var child = Artifact("lib/app", "application/vnd.oci.image.config.v1+json", "1", T0.AddSeconds(5));
        await store.PutManifestAsync(child, null, Ct);
        var index = IndexOf("lib/app", T0, child);
        await store.PutManifestAsync(index, "v1", Ct);

        Assert.Equal([index.Digest, child.Digest], await store.ListManifestDigestsAsync("lib/app", Ct));
        Assert.Empty(await store.ListManifestDigestsAsync("lib/none", Ct));
    }
}
