using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>The OCI 1.1 referrers API, driven with raw HTTP because the CLI tools here predate it.</summary>
public sealed class ReferrersTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private const string SbomType = "application/vnd.example.sbom.v1+json";
    private const string SignatureType = "application/vnd.example.signature.v1+json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Referrers_lists_an_artifact_pushed_with_subject_and_artifactType()
    {
        using var http = new RegistryHttpClient(server);
        var repository = Names.Repository("referrers");
        var subject = TestImage.Create();
        await http.PushImageAsync(repository, "v1", subject, Ct);

        var sbom = await PushArtifactAsync(http, repository, subject, SbomType);

        using var response = await http.GetAsync($"v2/{repository}/referrers/{subject.Manifest.Descriptor.Digest}", Ct, OciMediaTypes.ImageIndex);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OciMediaTypes.ImageIndex, response.Content.Headers.ContentType?.MediaType);
        var entry = Assert.Single(await ReadManifestsAsync(response));
        Assert.Equal(sbom.Descriptor.Digest, (string?)entry["digest"]);
        Assert.Equal(sbom.Content.Length, (long?)entry["size"]);
        Assert.Equal(OciMediaTypes.ImageManifest, (string?)entry["mediaType"]);
        Assert.Equal(SbomType, (string?)entry["artifactType"]);
    }

    [Fact]
    public async Task Referrers_filtered_by_artifactType_returns_only_matches_and_says_so()
    {
        using var http = new RegistryHttpClient(server);
        var repository = Names.Repository("filter");
        var subject = TestImage.Create();
        await http.PushImageAsync(repository, "v1", subject, Ct);
        var sbom = await PushArtifactAsync(http, repository, subject, SbomType);
        var signature = await PushArtifactAsync(http, repository, subject, SignatureType);

        var path = $"v2/{repository}/referrers/{subject.Manifest.Descriptor.Digest}";
        using (var all = await http.GetAsync(path, Ct, OciMediaTypes.ImageIndex))
        {
            var digests = (await ReadManifestsAsync(all)).Select(e => (string?)e["digest"]).Order(StringComparer.Ordinal);
            Assert.Equal(new[] { sbom.Descriptor.Digest, signature.Descriptor.Digest }.Order(StringComparer.Ordinal), digests);
        }

        using var filtered = await http.GetAsync(path + "?artifactType=" + Uri.EscapeDataString(SignatureType), Ct, OciMediaTypes.ImageIndex);
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Equal("artifactType", HttpAssert.SingleHeader(filtered, "OCI-Filters-Applied"));
        var entry = Assert.Single(await ReadManifestsAsync(filtered));
        Assert.Equal(signature.Descriptor.Digest, (string?)entry["digest"]);
        Assert.Equal(SignatureType, (string?)entry["artifactType"]);
    }

    /// <summary>An artifact manifest (empty config, one small layer) whose subject is <paramref name="subject"/>.</summary>
    private static async Task<OciBlob> PushArtifactAsync(RegistryHttpClient http, string repository, TestImage subject, string artifactType)
    {
        var config = OciBlob.Of(OciMediaTypes.Empty, "{}"u8.ToArray());
        var layer = OciBlob.Of("application/json", Encoding.UTF8.GetBytes($$"""{"kind":"{{artifactType}}","id":"{{Guid.NewGuid()}}"}"""));
        await http.PushBlobAsync(repository, config, Ct);
        await http.PushBlobAsync(repository, layer, Ct);

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = artifactType,
            ["config"] = config.Descriptor.ToJson(),
            ["layers"] = new JsonArray(layer.Descriptor.ToJson()),
            ["subject"] = subject.Manifest.Descriptor.ToJson(),
        };
        var blob = OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        using var response = await http.PutManifestAsync(repository, blob.Descriptor.Digest, blob, Ct);

        // A registry that understands subject says so, so clients need not maintain the tag fallback.
        Assert.Equal(subject.Manifest.Descriptor.Digest, HttpAssert.SingleHeader(response, "OCI-Subject"));
        return blob;
    }

    private static async Task<IReadOnlyList<JsonNode>> ReadManifestsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        var index = JsonNode.Parse(body) ?? throw new JsonException("empty referrers body");
        Assert.Equal(2, (int?)index["schemaVersion"]);
        return index["manifests"]!.AsArray().Select(e => e!).ToList();
    }
}
