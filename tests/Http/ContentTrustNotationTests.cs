using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ArtifactKeeper.Signing.Notation;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Signing.Notation;
using static ArtifactKeeper.Tests.Http.Support.ContentTrustPulls;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Notation through the registry: envelopes signed here with the platform's crypto (no notation CLI exists here),
/// pushed as referrers, judged against the trust store and trust policy set with the content-trust API, and enforced
/// on pull once <c>enable_content_trust</c> is set through <c>PUT /projects/{p}</c>.
/// </summary>
public sealed class ContentTrustNotationTests(RegistryFactory factory) : IClassFixture<RegistryFactory>, IDisposable
{
    private const string Signer = "CN=builder, O=Acme, ST=WA, C=US";
    private const string RootName = "CN=Acme Http Root, O=Acme, C=US";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    // The impostor's root has the trusted root's name but its own key: only a chain linked by signature tells them apart.
    private readonly X509Certificate2 _root = NotationPki.Root(RootName, Now.AddDays(-1), Now.AddDays(30));
    private readonly X509Certificate2 _impostorRoot = NotationPki.Root(RootName, Now.AddDays(-1), Now.AddDays(30));

    public void Dispose()
    {
        _root.Dispose();
        _impostorRoot.Dispose();
    }

    private static async Task<byte[]> PushSignatureAsync(RegistryClient admin, PushedImage subject, string envelopeType, byte[] envelope)
    {
        await admin.PushBlobAsync(subject.Repository, Manifests.EmptyJson);
        await admin.PushBlobAsync(subject.Repository, envelope);
        var manifest = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor(envelopeType, envelope)],
            artifactType: NotationMediaTypes.Signature,
            subject: Manifests.Descriptor(subject.MediaType, subject.Manifest));
        await admin.PushManifestAsync(subject.Repository, Manifests.Digest(manifest), manifest, Manifests.OciManifest);
        return manifest;
    }

    private static EnvelopeClaims Claims(PushedImage image) =>
        new(image.Digest, Now.AddMinutes(-5), image.Manifest.Length, image.MediaType);

    private static async Task SendAsync(RegistryClient admin, HttpMethod method, string path, JsonNode body)
    {
        using var response = await admin.SendAsync(method, path, HarborProjects.Json(body.ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    private async Task<string> EnforcingProjectAsync(RegistryClient admin)
    {
        var project = await HarborProjects.CreatePrivateAsync(admin, "ctn");
        var statement = new JsonObject
        {
            ["name"] = "acme",
            ["registryScopes"] = new JsonArray("*"),
            ["signatureVerification"] = new JsonObject { ["level"] = "strict" },
            ["trustStores"] = new JsonArray("ca:acme"),
            ["trustedIdentities"] = new JsonArray("x509.subject: " + Signer),
        };
        await SendAsync(admin, HttpMethod.Put, $"/api/v2.0/projects/{project}/content-trust", new JsonObject
        {
            ["notation"] = new JsonObject
            {
                ["enabled"] = true,
                ["trust_store"] = new JsonArray(_root.ExportCertificatePem()),
                ["trust_policy"] = new JsonObject { ["version"] = "1.0", ["trustPolicies"] = new JsonArray(statement) },
            },
        });
        await SendAsync(admin, HttpMethod.Put, $"/api/v2.0/projects/{project}", new JsonObject
        {
            ["metadata"] = new JsonObject { ["enable_content_trust"] = "true" },
        });
        return project;
    }

    [Fact]
    public async Task Jws_and_cose_signatures_chained_to_the_trust_store_pull_and_unsigned_or_untrusted_images_are_412()
    {
        using var admin = factory.Admin();
        var project = await EnforcingProjectAsync(admin);
        var repository = RegistryClient.UniqueRepo(project);
        var jws = await admin.PushImageAsync(repository, "jws");
        var cose = await admin.PushImageAsync(repository, "cose");
        var untrusted = await admin.PushImageAsync(repository, "untrusted");
        var unsigned = await admin.PushImageAsync(repository, "unsigned");
        var signer = NotationPki.Signer(_root, Signer, Now.AddDays(-1), Now.AddDays(7), rsa: true);
        var impostor = NotationPki.Signer(_impostorRoot, Signer, Now.AddDays(-1), Now.AddDays(7), rsa: false);
        using var signerKey = signer.Key;
        using var impostorKey = impostor.Key;
        await PushSignatureAsync(admin, jws, NotationMediaTypes.JwsEnvelope, NotationEnvelopeFactory.Jws(signer, Claims(jws)));
        await PushSignatureAsync(admin, cose, NotationMediaTypes.CoseEnvelope, NotationEnvelopeFactory.Cose(signer, Claims(cose)));
        var forged = await PushSignatureAsync(admin, untrusted, NotationMediaTypes.CoseEnvelope, NotationEnvelopeFactory.Cose(impostor, Claims(untrusted)));

        using var jwsPull = await admin.GetAsync($"/v2/{repository}/manifests/jws");
        using var cosePull = await admin.GetAsync($"/v2/{repository}/manifests/cose");
        using var untrustedPull = await admin.GetAsync($"/v2/{repository}/manifests/untrusted");
        using var unsignedPull = await admin.GetAsync($"/v2/{repository}/manifests/unsigned");

        Assert.Equal(HttpStatusCode.OK, jwsPull.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cosePull.StatusCode);
        Assert.StartsWith(
            $"artifact {untrusted.Digest} has no notation signature verified by the project's policy: {Manifests.Digest(forged)}: authenticity: the signing certificate is not trusted",
            await RefusalAsync(untrustedPull),
            StringComparison.Ordinal);
        Assert.Equal(
            $"artifact {unsigned.Digest} has no notation signature verified by the project's policy: no notation signature found",
            await RefusalAsync(unsignedPull));
    }

    [Fact]
    public async Task Signatures_api_names_the_notation_signer_and_issuer_and_refuses_a_signature_of_another_artifact()
    {
        using var admin = factory.Admin();
        var project = await EnforcingProjectAsync(admin);
        var repository = RegistryClient.UniqueRepo(project);
        var image = await admin.PushImageAsync(repository, "v1");
        var other = await admin.PushImageAsync(repository, "v2");
        var signer = NotationPki.Signer(_root, Signer, Now.AddDays(-1), Now.AddDays(7), rsa: false);
        using var signerKey = signer.Key;
        var signature = await PushSignatureAsync(admin, image, NotationMediaTypes.JwsEnvelope, NotationEnvelopeFactory.Jws(signer, Claims(image)));
        // A valid envelope for v1 attached to v2: the signed target is not the subject.
        var misplaced = await PushSignatureAsync(admin, other, NotationMediaTypes.JwsEnvelope, NotationEnvelopeFactory.Jws(signer, Claims(image)));
        var path = $"/api/v2.0/projects/{project}/repositories/{repository[(project.Length + 1)..]}/artifacts";

        using var listed = await admin.GetAsync($"{path}/v1/signatures");
        using var refused = await admin.GetAsync($"{path}/v2/signatures");

        var verdict = Assert.Single((await RegistryClient.JsonAsync(listed)).AsArray())!;
        Assert.Equal(("notation", Manifests.Digest(signature), true), (verdict["type"]!.GetValue<string>(), verdict["digest"]!.GetValue<string>(), verdict["verified"]!.GetValue<bool>()));
        Assert.Equal((Signer, RootName), (verdict["signer"]!.GetValue<string>(), verdict["issuer"]!.GetValue<string>()));
        var wrong = Assert.Single((await RegistryClient.JsonAsync(refused)).AsArray())!;
        Assert.Equal(Manifests.Digest(misplaced), wrong["digest"]!.GetValue<string>());
        Assert.False(wrong["verified"]!.GetValue<bool>());
        Assert.Equal($"the signature is for {image.Digest}, not for this artifact {other.Digest}", wrong["reason"]!.GetValue<string>());
    }
}
