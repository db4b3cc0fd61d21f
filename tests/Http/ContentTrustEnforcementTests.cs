using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Scanning.External;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;
using static ArtifactKeeper.Tests.Http.Support.ContentTrustPulls;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Content trust on pull (DESIGN invariant 5: decided in the content-trust grain, enforced at the edge) with real
/// cosign signatures: the enforcement matrix, its bypasses, the <c>/signatures</c> API, <c>with_signature</c> and
/// the audit entries.
/// </summary>
public sealed class ContentTrustEnforcementTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string CosignAgent = "cosign/v2.4.1 (linux; amd64)";

    private static Action<HttpRequestMessage> Agent(string userAgent) => r => r.Headers.TryAddWithoutValidation("User-Agent", userAgent);

    private async Task<RegistryClient> MemberAsync(RegistryClient admin, string project, int roleId)
    {
        var username = "m" + Guid.NewGuid().ToString("N")[..12];
        var client = await factory.NewUserAsync(username);
        await HarborMembers.AddUserAsync(admin, project, username, roleId);
        return client;
    }

    [Fact]
    public async Task Policy_off_unsigned_images_pull()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: false);
        var image = await project.PushImageAsync(admin);

        using var response = await PullAsync(admin, image.Repository, "v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Policy_on_unsigned_image_is_412_saying_what_is_missing_even_for_the_system_admin()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        var image = await project.PushImageAsync(admin);

        using var byTag = await PullAsync(admin, image.Repository, "v1");
        using var byDigest = await PullAsync(admin, image.Repository, image.Digest);
        using var head = await admin.HeadAsync($"/v2/{image.Repository}/manifests/v1");

        Assert.Equal(
            $"artifact {image.Digest} has no cosign signature verified by the project's policy: no cosign signature found",
            await RefusalAsync(byTag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, byDigest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Policy_on_image_signed_with_a_trusted_key_pulls_and_one_signed_with_another_key_does_not()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        using var other = CosignSignatures.NewKey();
        var good = await project.PushImageAsync(admin);
        var bad = await project.PushImageAsync(admin);
        await CosignSignatures.PushAsync(admin, good.Repository, good.Digest, project.Key);
        var badSignature = await CosignSignatures.PushAsync(admin, bad.Repository, bad.Digest, other);

        using var pulled = await PullAsync(admin, good.Repository, "v1");
        using var refused = await PullAsync(admin, bad.Repository, "v1");

        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(good.Manifest, await pulled.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        var message = await RefusalAsync(refused);
        Assert.StartsWith($"artifact {bad.Digest} has no cosign signature verified by the project's policy: {Manifests.Digest(badSignature)}: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signature_artifact_itself_is_pullable_under_the_policy()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        using var other = CosignSignatures.NewKey();
        var image = await project.PushImageAsync(admin);
        var signature = await CosignSignatures.PushAsync(admin, image.Repository, image.Digest, other);

        using var byTag = await PullAsync(admin, image.Repository, CosignSignatures.Tag(image.Digest));
        using var byDigest = await PullAsync(admin, image.Repository, Manifests.Digest(signature));

        Assert.Equal(HttpStatusCode.OK, byTag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
    }

    [Fact]
    public async Task A_signer_with_push_access_reads_unsigned_images_and_a_reader_with_the_same_agent_does_not()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: true);
        var image = await project.PushImageAsync(admin);
        using var developer = await MemberAsync(admin, project.Name, 2);
        using var guest = await MemberAsync(admin, project.Name, 3);

        using var signer = await PullAsync(developer, image.Repository, "v1", Agent(CosignAgent));
        using var notationSigner = await PullAsync(developer, image.Repository, "v1", Agent("notation/v1.2.0"));
        using var developerPlain = await PullAsync(developer, image.Repository, "v1", Agent("containers/5.0 (github.com/containers/image)"));
        using var reader = await PullAsync(guest, image.Repository, "v1", Agent(CosignAgent));
        using var adminPlain = await PullAsync(admin, image.Repository, "v1");

        Assert.Equal(HttpStatusCode.OK, signer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notationSigner.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, developerPlain.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, reader.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, adminPlain.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_with_push_and_a_cosign_agent_bypasses_and_a_pull_only_token_does_not()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: true);
        var image = await project.PushImageAsync(admin);
        using var pushToken = factory.Bearer(await admin.TokenAsync($"repository:{image.Repository}:pull,push"));
        using var pullToken = factory.Bearer(await admin.TokenAsync($"repository:{image.Repository}:pull"));

        using var signer = await PullAsync(pushToken, image.Repository, "v1", Agent(CosignAgent));
        using var reader = await PullAsync(pullToken, image.Repository, "v1", Agent(CosignAgent));

        Assert.Equal(HttpStatusCode.OK, signer.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, reader.StatusCode);
    }

    [Fact]
    public async Task A_robot_without_the_scanner_permission_is_checked_like_anyone()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: true);
        var image = await project.PushImageAsync(admin);
        var robot = await HarborRobots.CreateProjectRobotAsync(admin, project.Name, "pull", "push");
        using var client = factory.Client(robot.Name, robot.Secret);

        using var plain = await PullAsync(client, image.Repository, "v1");
        using var signer = await PullAsync(client, image.Repository, "v1", Agent(CosignAgent));

        Assert.Equal(HttpStatusCode.PreconditionFailed, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signer.StatusCode);
    }

    [Fact]
    public async Task The_scanner_robot_pulls_unsigned_images_with_its_password_and_with_a_pull_token()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: true);
        var image = await project.PushImageAsync(admin);
        var issuer = factory.Services.GetRequiredService<ScanRobotIssuer>();
        var robot = await issuer.IssueAsync(image.Repository, TestContext.Current.CancellationToken);
        using var scanner = factory.Client(robot.Username, robot.Secret);
        // A scanner behind the token flow asks for pull only, as any registry client does.
        using var bearer = factory.Bearer(await scanner.TokenAsync($"repository:{image.Repository}:pull"));
        var other = await HarborRobots.CreateProjectRobotAsync(admin, project.Name, "pull");
        using var pullOnly = factory.Client(other.Name, other.Secret);

        using var basic = await PullAsync(scanner, image.Repository, "v1");
        using var token = await PullAsync(bearer, image.Repository, "v1");
        using var plainRobot = await PullAsync(pullOnly, image.Repository, "v1");
        using var asAdmin = await PullAsync(admin, image.Repository, "v1");
        await issuer.RevokeAsync(robot);

        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, plainRobot.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, asAdmin.StatusCode);
    }

    [Fact]
    public async Task A_signature_pushed_before_its_subject_lets_the_subject_pull()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        var repository = RegistryClient.UniqueRepo(project.Name);
        var config = """{"architecture":"amd64","os":"linux"}"""u8.ToArray();
        var layer = Manifests.RandomBytes(512);
        await admin.PushBlobAsync(repository, config);
        await admin.PushBlobAsync(repository, layer);
        var manifest = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, config), [Manifests.Descriptor(Manifests.OciLayer, layer)]);

        await CosignSignatures.PushAsync(admin, repository, Manifests.Digest(manifest), project.Key);
        await admin.PushManifestAsync(repository, "v1", manifest, Manifests.OciManifest);

        using var response = await PullAsync(admin, repository, "v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signing_after_a_refusal_lets_the_next_pull_through()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        var image = await project.PushImageAsync(admin);
        using (var refused = await PullAsync(admin, image.Repository, "v1"))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }

        await CosignSignatures.PushAsync(admin, image.Repository, image.Digest, project.Key);

        using var pulled = await PullAsync(admin, image.Repository, "v1");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
    }

    [Fact]
    public async Task Enforcement_without_trusted_keys_refuses_saying_the_policy_is_missing()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: true);
        var image = await project.PushImageAsync(admin);
        await CosignSignatures.PushAsync(admin, image.Repository, image.Digest, project.Key);

        using var response = await PullAsync(admin, image.Repository, "v1");

        Assert.EndsWith(": no trust policy configured", await RefusalAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_keys_on_require_both_families_as_Harbor_does()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        await CosignSignatures.EnforceAsync(admin, project.Name, "enable_content_trust");
        var image = await project.PushImageAsync(admin);
        await CosignSignatures.PushAsync(admin, image.Repository, image.Digest, project.Key);

        using var response = await PullAsync(admin, image.Repository, "v1");

        Assert.Equal(
            $"artifact {image.Digest} has no notation signature verified by the project's policy: no notation signature found",
            await RefusalAsync(response));
    }

    [Fact]
    public async Task Signatures_api_lists_each_signature_with_its_verdict()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: false);
        var image = await project.PushImageAsync(admin);
        var signature = await CosignSignatures.PushAsync(admin, image.Repository, image.Digest, project.Key);
        var path = $"/api/v2.0/projects/{project.Name}/repositories/{image.Repository[(project.Name.Length + 1)..]}/artifacts/v1/signatures";

        var unconfigured = await ListAsync(admin, path);
        await CosignSignatures.TrustAsync(admin, project.Name, project.Key);
        var configured = await ListAsync(admin, path);

        var before = Assert.Single(unconfigured)!;
        Assert.Equal(["type", "digest", "verified", "signer", "issuer", "reason"], before.AsObject().Select(p => p.Key));
        Assert.Equal(("cosign", Manifests.Digest(signature), false, "no trust policy configured"),
            (before["type"]!.GetValue<string>(), before["digest"]!.GetValue<string>(), before["verified"]!.GetValue<bool>(), before["reason"]!.GetValue<string>()));
        var after = Assert.Single(configured)!;
        Assert.True(after["verified"]!.GetValue<bool>());
        Assert.StartsWith("key:", after["signer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(after["issuer"]);
    }

    [Fact]
    public async Task Signatures_api_of_an_unsigned_artifact_is_an_empty_array_and_of_an_unknown_one_404()
    {
        using var admin = factory.Admin();
        var project = await HarborProjects.CreatePrivateAsync(admin, "ct");
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(project), "v1");
        var path = $"/api/v2.0/projects/{project}/repositories/{image.Repository[(project.Length + 1)..]}/artifacts";

        Assert.Empty(await ListAsync(admin, $"{path}/v1/signatures"));
        using var missing = await admin.GetAsync($"{path}/v2/signatures");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task With_signature_marks_signed_tags_and_lists_the_signatures()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: false);
        var signed = await project.PushImageAsync(admin);
        await CosignSignatures.PushAsync(admin, signed.Repository, signed.Digest, project.Key);
        var path = $"/api/v2.0/projects/{project.Name}/repositories/{signed.Repository[(project.Name.Length + 1)..]}/artifacts";

        using var withSignature = await admin.GetAsync($"{path}/v1?with_signature=true");
        using var without = await admin.GetAsync($"{path}/v1");

        var artifact = await RegistryClient.JsonAsync(withSignature);
        Assert.True(artifact["tags"]![0]!["signed"]!.GetValue<bool>());
        var signature = Assert.Single(artifact["signatures"]!.AsArray())!;
        Assert.True(signature["verified"]!.GetValue<bool>());
        var plain = await RegistryClient.JsonAsync(without);
        Assert.False(plain["tags"]![0]!["signed"]!.GetValue<bool>());
        Assert.Null(plain["signatures"]);
    }

    [Fact]
    public async Task With_signature_on_the_artifact_listing_gives_each_artifact_its_signatures_and_signer()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: false);
        var repository = RegistryClient.UniqueRepo(project.Name);
        var signed = await admin.PushImageAsync(repository, "signed");
        var unsigned = await admin.PushImageAsync(repository, "unsigned");
        var signature = await CosignSignatures.PushAsync(admin, repository, signed.Digest, project.Key);

        using var response = await admin.GetAsync(
            $"/api/v2.0/projects/{project.Name}/repositories/{repository[(project.Name.Length + 1)..]}/artifacts?with_tag=true&with_signature=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await RegistryClient.JsonAsync(response)).AsArray().ToDictionary(a => a!["digest"]!.GetValue<string>(), a => a!);

        Assert.Equal(2, listed.Count);
        var withSignature = listed[signed.Digest];
        Assert.True(withSignature["tags"]![0]!["signed"]!.GetValue<bool>());
        var verdict = Assert.Single(withSignature["signatures"]!.AsArray())!;
        Assert.Equal(("cosign", Manifests.Digest(signature), true), (verdict["type"]!.GetValue<string>(), verdict["digest"]!.GetValue<string>(), verdict["verified"]!.GetValue<bool>()));
        Assert.StartsWith("key:", verdict["signer"]!.GetValue<string>(), StringComparison.Ordinal);
        var without = listed[unsigned.Digest];
        Assert.False(without["tags"]![0]!["signed"]!.GetValue<bool>());
        Assert.Empty(without["signatures"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_an_artifact_through_the_api_deletes_its_signatures()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: false);
        var repository = RegistryClient.UniqueRepo(project.Name);
        var image = await admin.PushImageAsync(repository, "v1");
        var kept = await admin.PushImageAsync(repository, "kept");
        var signature = await CosignSignatures.PushAsync(admin, repository, image.Digest, project.Key);
        var keptSignature = await CosignSignatures.PushAsync(admin, repository, kept.Digest, project.Key);
        var path = $"/api/v2.0/projects/{project.Name}/repositories/{repository[(project.Name.Length + 1)..]}/artifacts";

        using var deleted = await admin.DeleteAsync($"{path}/{image.Digest}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var byDigest = await PullAsync(admin, repository, Manifests.Digest(signature));
        using var byTag = await PullAsync(admin, repository, CosignSignatures.Tag(image.Digest));
        using var other = await PullAsync(admin, repository, Manifests.Digest(keptSignature));
        Assert.Equal(HttpStatusCode.NotFound, byDigest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byTag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Single(await ListAsync(admin, $"{path}/kept/signatures"));
    }

    [Fact]
    public async Task Deleting_an_artifact_through_the_registry_api_deletes_its_signatures_and_deleting_a_tag_does_not()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: false, enforce: false);
        var repository = RegistryClient.UniqueRepo(project.Name);
        var image = await admin.PushImageAsync(repository, "v1");
        var kept = await admin.PushImageAsync(repository, "kept");
        var signature = await CosignSignatures.PushAsync(admin, repository, image.Digest, project.Key);
        var keptSignature = await CosignSignatures.PushAsync(admin, repository, kept.Digest, project.Key);
        await admin.PushBlobAsync(repository, Manifests.EmptyJson);
        var referrer = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson), [Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson)],
            artifactType: "application/vnd.cncf.notary.signature", subject: Manifests.Descriptor(Manifests.OciManifest, image.Manifest));
        await admin.PushManifestAsync(repository, Manifests.Digest(referrer), referrer, Manifests.OciManifest);

        using (var untagged = await admin.DeleteAsync($"/v2/{repository}/manifests/kept"))
        {
            Assert.Equal(HttpStatusCode.Accepted, untagged.StatusCode);
        }

        using var deleted = await admin.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var bySignatureDigest = await PullAsync(admin, repository, Manifests.Digest(signature));
        using var byReferrerDigest = await PullAsync(admin, repository, Manifests.Digest(referrer));
        using var other = await PullAsync(admin, repository, Manifests.Digest(keptSignature));
        Assert.Equal(HttpStatusCode.NotFound, bySignatureDigest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byReferrerDigest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Signature_pushes_and_refused_pulls_are_audited()
    {
        using var admin = factory.Admin();
        using var project = await CosignProject.CreateAsync(admin, "ct", trustKey: true, enforce: true);
        var unsigned = await project.PushImageAsync(admin);
        var signed = await project.PushImageAsync(admin);
        var signature = await CosignSignatures.PushAsync(admin, signed.Repository, signed.Digest, project.Key);
        using (var refused = await PullAsync(admin, unsigned.Repository, "v1"))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }

        var records = await AuditLogs.ListAsync(factory, admin, $"/api/v2.0/projects/{project.Name}/auditlog-exts?page_size=100");

        var push = Assert.Single(records, r => r!["operation_description"]!.GetValue<string>().StartsWith("push signature:", StringComparison.Ordinal))!;
        Assert.Equal($"push signature: {signed.Repository}@{Manifests.Digest(signature)} signs {signed.Digest}", push["operation_description"]!.GetValue<string>());
        var pull = Assert.Single(records, r => r!["operation"]!.GetValue<string>() == "pull")!;
        Assert.False(pull["operation_result"]!.GetValue<bool>());
        Assert.Equal($"{unsigned.Repository}:v1", pull["resource"]!.GetValue<string>());
        Assert.StartsWith("pull refused by content trust: artifact ", pull["operation_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonArray> ListAsync(RegistryClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }
}
