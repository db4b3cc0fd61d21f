using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;
using static ArtifactKeeper.Tests.Http.Support.ContentTrustPulls;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// cosign's legacy <c>sha256-&lt;hex&gt;.att</c> and <c>.sbom</c> tags, pushed through the OCI API as cosign pushes
/// them: accessories of their subject (not listed or counted on their own, deleted with it), pullable under an
/// enforcing content-trust policy, and never taken for a signature of the subject.
/// </summary>
public sealed class CosignAccessoryTagTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Dsse = "application/vnd.dsse.envelope.v1+json";

    private static string ArtifactsPath(string project, string repository) =>
        $"/api/v2.0/projects/{project}/repositories/{repository[(project.Length + 1)..]}/artifacts";

    /// <summary>An attestation as <c>cosign attest</c> stores it: a DSSE envelope over an in-toto statement naming the subject.</summary>
    private static async Task<byte[]> PushAttestationAsync(RegistryClient client, string repository, string subjectDigest)
    {
        var statement = $$$"""{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2","subject":[{"name":"{{{repository}}}","digest":{"sha256":"{{{subjectDigest["sha256:".Length..]}}}"}}],"predicate":{}}""";
        var envelope = Encoding.UTF8.GetBytes(
            $$"""{"payloadType":"application/vnd.in-toto+json","payload":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(statement))}}","signatures":[{"keyid":"","sig":"MEUCIQ=="}]}""");
        var layer = Manifests.Descriptor(Dsse, envelope);
        layer["annotations"] = new JsonObject { ["predicateType"] = "https://slsa.dev/provenance/v0.2" };
        return await PushAccessoryAsync(client, repository, subjectDigest.Replace(':', '-') + ".att", envelope, layer);
    }

    /// <summary>An SBOM as <c>cosign attach sbom</c> stores it: the SPDX document as the only layer.</summary>
    private static Task<byte[]> PushSbomAsync(RegistryClient client, string repository, string subjectDigest)
    {
        var spdx = Encoding.UTF8.GetBytes("""{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"app","packages":[]}""");
        return PushAccessoryAsync(client, repository, subjectDigest.Replace(':', '-') + ".sbom", spdx, Manifests.Descriptor("text/spdx+json", spdx));
    }

    private static async Task<byte[]> PushAccessoryAsync(RegistryClient client, string repository, string tag, byte[] blob, JsonObject layer)
    {
        var config = """{"architecture":"","config":{},"os":"","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray();
        await client.PushBlobAsync(repository, config);
        await client.PushBlobAsync(repository, blob);
        var manifest = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, config), [layer]);
        await client.PushManifestAsync(repository, tag, manifest, Manifests.OciManifest);
        return manifest;
    }

    private static List<(string Type, string Digest)> Accessories(JsonNode array) =>
        array.AsArray().Select(a => (a!["type"]!.GetValue<string>(), a["digest"]!.GetValue<string>())).OrderBy(a => a.Item1, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Att_and_sbom_tags_are_accessories_of_their_subject_not_listed_or_counted_and_deleted_with_it()
    {
        using var admin = factory.Admin();
        var project = await HarborProjects.CreatePrivateAsync(admin, "cat");
        var repository = RegistryClient.UniqueRepo(project);
        var image = await admin.PushImageAsync(repository, "v1");
        var kept = await admin.PushImageAsync(repository, "kept");
        var attestation = await PushAttestationAsync(admin, repository, image.Digest);
        var sbom = await PushSbomAsync(admin, repository, image.Digest);
        var keptAttestation = await PushAttestationAsync(admin, repository, kept.Digest);
        var path = ArtifactsPath(project, repository);

        var listing = (await HarborArtifacts.GetJsonAsync(admin, $"{path}?with_accessory=true")).AsArray()
            .ToDictionary(a => a!["digest"]!.GetValue<string>(), a => a!, StringComparer.Ordinal);
        var accessories = await HarborArtifacts.GetJsonAsync(admin, $"{path}/{image.Digest}/accessories");
        var repositoryView = await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories/{repository[(project.Length + 1)..]}");

        Assert.Equal(new[] { image.Digest, kept.Digest }.Order(StringComparer.Ordinal), listing.Keys.Order(StringComparer.Ordinal));
        var expected = new List<(string, string)> { ("attestation.cosign", Manifests.Digest(attestation)), ("sbom.cosign", Manifests.Digest(sbom)) };
        Assert.Equal(expected, Accessories(listing[image.Digest]["accessories"]!));
        Assert.Equal(expected, Accessories(accessories));
        Assert.Equal(2, repositoryView["artifact_count"]!.GetValue<int>());

        using (var deleted = await admin.DeleteAsync($"{path}/{image.Digest}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        foreach (var reference in new[] { Manifests.Digest(attestation), Manifests.Digest(sbom), image.Digest.Replace(':', '-') + ".att", image.Digest.Replace(':', '-') + ".sbom" })
        {
            using var gone = await PullAsync(admin, repository, reference);
            Assert.True(gone.StatusCode == HttpStatusCode.NotFound, $"{reference} answered {gone.StatusCode}");
        }

        using var other = await PullAsync(admin, repository, Manifests.Digest(keptAttestation));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Under_an_enforcing_policy_att_and_sbom_pull_while_their_unsigned_subject_is_still_refused()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "cat", trustKey: true, enforce: true);
        var repository = RegistryClient.UniqueRepo(project.Name);
        var image = await admin.PushImageAsync(repository, "v1");
        var attestation = await PushAttestationAsync(admin, repository, image.Digest);
        var sbom = await PushSbomAsync(admin, repository, image.Digest);
        var stem = image.Digest.Replace(':', '-');

        using var attByTag = await PullAsync(admin, repository, stem + ".att");
        using var attByDigest = await PullAsync(admin, repository, Manifests.Digest(attestation));
        using var sbomByTag = await PullAsync(admin, repository, stem + ".sbom");
        using var subject = await PullAsync(admin, repository, "v1");
        var signatures = await HarborArtifacts.GetJsonAsync(admin, $"{ArtifactsPath(project.Name, repository)}/{image.Digest}/signatures");

        Assert.Equal(HttpStatusCode.OK, attByTag.StatusCode);
        Assert.Equal(attestation, await attByTag.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, attByDigest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sbomByTag.StatusCode);
        Assert.Equal(sbom, await sbomByTag.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.PreconditionFailed, subject.StatusCode);
        Assert.Equal($"artifact {image.Digest} has no cosign signature verified by the project's policy: no cosign signature found", await RefusalAsync(subject));
        Assert.Empty(signatures.AsArray());
    }
}
