using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Content discovery, referrers (end-12a/12b), including the <c>sha256-&lt;hex&gt;</c> fallback tag.</summary>
public sealed class ReferrersTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Sbom = "application/vnd.example.sbom";
    private const string Signature = "application/vnd.example.signature";

    /// <summary>Pushes an artifact manifest (empty config) whose subject is <paramref name="subject"/>, or none.</summary>
    private static async Task<byte[]> PushArtifactAsync(RegistryClient admin, string repo, string artifactType, PushedImage? subject)
    {
        await admin.PushBlobAsync(repo, Manifests.EmptyJson);
        var payload = Manifests.RandomBytes(64);
        await admin.PushBlobAsync(repo, payload);
        var artifact = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor("application/octet-stream", payload)],
            artifactType: artifactType,
            subject: subject is null ? null : Manifests.Descriptor(Manifests.OciManifest, subject.Manifest),
            annotations: new Dictionary<string, string> { ["org.example.kind"] = artifactType });
        await admin.PushManifestAsync(repo, Manifests.Digest(artifact), artifact, Manifests.OciManifest);
        return artifact;
    }

    private static async Task<(HttpResponseMessage Response, JsonArray Manifests)> ReferrersAsync(RegistryClient client, string repo, string digest, string query = "")
    {
        var response = await client.GetAsync($"/v2/{repo}/referrers/{digest}{query}");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(Manifests.OciIndex, response.Content.Headers.ContentType!.MediaType);
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal(2, json["schemaVersion"]!.GetValue<int>());
        Assert.Equal(Manifests.OciIndex, json["mediaType"]!.GetValue<string>());
        return (response, json["manifests"]!.AsArray());
    }

    private static string DigestOf(JsonNode? descriptor) => descriptor!["digest"]!.GetValue<string>();

    [Fact]
    public async Task Referrers_lists_every_artifact_with_artifact_type_and_annotations()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var sbom = await PushArtifactAsync(admin, image.Repository, Sbom, image);
        var signature = await PushArtifactAsync(admin, image.Repository, Signature, image);

        var (response, manifests) = await ReferrersAsync(admin, image.Repository, image.Digest);
        using var _ = response;

        Assert.Equal(
            new[] { Manifests.Digest(sbom), Manifests.Digest(signature) }.Order(StringComparer.Ordinal),
            manifests.Select(DigestOf).Order(StringComparer.Ordinal));
        Assert.All(manifests, m =>
        {
            Assert.Equal(Manifests.OciManifest, m!["mediaType"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(m["artifactType"]?.GetValue<string>()));
            Assert.Equal(m["artifactType"]!.GetValue<string>(), m["annotations"]!["org.example.kind"]!.GetValue<string>());
        });
        var sbomEntry = manifests.Single(m => DigestOf(m) == Manifests.Digest(sbom));
        Assert.Equal(Sbom, sbomEntry!["artifactType"]!.GetValue<string>());
        Assert.Equal(sbom.Length, sbomEntry["size"]!.GetValue<long>());
        Assert.False(OciAssert.HasHeader(response, "OCI-Filters-Applied"));
    }

    [Fact]
    public async Task Referrers_filtered_by_artifact_type_sets_filters_applied()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var sbom = await PushArtifactAsync(admin, image.Repository, Sbom, image);
        await PushArtifactAsync(admin, image.Repository, Signature, image);

        var (response, manifests) = await ReferrersAsync(admin, image.Repository, image.Digest, $"?artifactType={Uri.EscapeDataString(Sbom)}");
        using var _ = response;

        Assert.Equal("artifactType", OciAssert.Header(response, "OCI-Filters-Applied"));
        Assert.Equal(Manifests.Digest(sbom), DigestOf(Assert.Single(manifests)));
    }

    [Fact]
    public async Task Referrers_of_unknown_subject_returns_200_empty_index()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        var (response, manifests) = await ReferrersAsync(admin, image.Repository, Manifests.Digest(Manifests.RandomBytes(8)));
        using var _ = response;

        Assert.Empty(manifests);
    }

    [Fact]
    public async Task Referrers_of_image_without_artifacts_returns_200_empty_index()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        var (response, manifests) = await ReferrersAsync(admin, image.Repository, image.Digest);
        using var _ = response;

        Assert.Empty(manifests);
    }

    [Fact]
    public async Task Referrers_merges_fallback_tag_index_entries_once()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var withSubject = await PushArtifactAsync(admin, image.Repository, Signature, image);

        // An old client records its referrer only in the sha256-<hex> tag index, not in a subject field.
        var legacy = await PushArtifactAsync(admin, image.Repository, Sbom, subject: null);
        var fallback = Manifests.Index(
        [
            Manifests.Descriptor(Manifests.OciManifest, legacy, Sbom),
            Manifests.Descriptor(Manifests.OciManifest, withSubject, Signature),
        ]);
        await admin.PushManifestAsync(image.Repository, image.Digest.Replace(":", "-", StringComparison.Ordinal), fallback, Manifests.OciIndex);

        var (response, manifests) = await ReferrersAsync(admin, image.Repository, image.Digest);
        using var _ = response;

        Assert.Equal(
            new[] { Manifests.Digest(legacy), Manifests.Digest(withSubject) }.Order(StringComparer.Ordinal),
            manifests.Select(DigestOf).Order(StringComparer.Ordinal));
        Assert.Equal(Sbom, manifests.Single(m => DigestOf(m) == Manifests.Digest(legacy))!["artifactType"]!.GetValue<string>());

        var (filtered, sboms) = await ReferrersAsync(admin, image.Repository, image.Digest, $"?artifactType={Uri.EscapeDataString(Sbom)}");
        using var __ = filtered;
        Assert.Equal(Manifests.Digest(legacy), DigestOf(Assert.Single(sboms)));
    }

    [Fact]
    public async Task Referrers_anonymously_on_public_project_is_allowed()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var sbom = await PushArtifactAsync(admin, image.Repository, Sbom, image);

        var (response, manifests) = await ReferrersAsync(anonymous, image.Repository, image.Digest);
        using var _ = response;

        Assert.Equal(Manifests.Digest(sbom), DigestOf(Assert.Single(manifests)));
    }

    [Fact]
    public async Task Referrers_drops_deleted_artifact()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var sbom = await PushArtifactAsync(admin, image.Repository, Sbom, image);
        var signature = await PushArtifactAsync(admin, image.Repository, Signature, image);

        using var delete = await admin.DeleteAsync($"/v2/{image.Repository}/manifests/{Manifests.Digest(sbom)}");
        OciAssert.Status(delete, HttpStatusCode.Accepted);

        var (response, manifests) = await ReferrersAsync(admin, image.Repository, image.Digest);
        using var _ = response;
        Assert.Equal(Manifests.Digest(signature), DigestOf(Assert.Single(manifests)));
    }

    [Fact]
    public async Task Referrers_with_invalid_digest_returns_400_digest_invalid()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.GetAsync($"/v2/{image.Repository}/referrers/sha256:nothex");

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
