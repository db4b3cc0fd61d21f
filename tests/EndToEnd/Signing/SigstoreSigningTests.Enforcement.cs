using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>The registry's verdicts on the real signatures, and its refusal (412) of pulls they do not cover.</summary>
public sealed partial class SigstoreSigningTests
{
    [Fact]
    public async Task Registry_verifies_skopeo_key_signatures_and_refuses_unsigned_or_other_key_pulls_under_a_cosign_policy()
    {
        using var http = new RegistryHttpClient(server);
        var project = await CreateProjectAsync(http, "trustkey");
        var repository = project + "/app";
        var signed = await CopyToRegistryAsync(repository, "signed",
            ["--sign-by-sigstore-private-key", keys.PrivateKeyPath, "--sign-passphrase-file", keys.PassphrasePath]);
        await CopyToRegistryAsync(repository, "unsigned", []);
        var digest = signed.Manifest.Descriptor.Digest;

        var unconfigured = Assert.Single(await SignaturesAsync(http, repository, digest));
        Assert.False((bool)unconfigured!["verified"]!);
        Assert.Equal("no trust policy configured", (string?)unconfigured["reason"]);

        await SendJsonAsync(http, HttpMethod.Put, $"api/v2.0/projects/{project}/content-trust",
            new JsonObject { ["cosign"] = new JsonObject { ["enabled"] = true, ["public_keys"] = new JsonArray(await File.ReadAllTextAsync(keys.PublicKeyPath, Ct)) } });
        await SendJsonAsync(http, HttpMethod.Put, $"api/v2.0/projects/{project}",
            new JsonObject { ["metadata"] = new JsonObject { ["enable_content_trust_cosign"] = "true" } });

        var verdict = Assert.Single(await SignaturesAsync(http, repository, digest));
        Assert.Equal("cosign", (string?)verdict!["type"]);
        Assert.True((bool)verdict["verified"]!, verdict.ToJsonString());
        Assert.StartsWith("key:", (string?)verdict["signer"], StringComparison.Ordinal);

        // A real client pulls the signed image through the gate; the unsigned one is refused with the reason.
        using (var pulled = new TempDirectory("ak-e2e-trusted-pull"))
        {
            var result = await TrixieSkopeo.TryRunAsync(
                ["--insecure-policy", "copy", "--remove-signatures", "--src-tls-verify=false", "--src-creds", server.AdminCredentials,
                 "docker://" + server.Reference(repository, "signed"), "oci:" + pulled.Path + ":pulled"],
                Ct);
            Assert.True(result.ExitCode == 0, result.Describe());
        }

        await AssertRefusedAsync(http, repository, "unsigned", "has no cosign signature");

        await SendJsonAsync(http, HttpMethod.Put, $"api/v2.0/projects/{project}/content-trust",
            new JsonObject { ["cosign"] = new JsonObject { ["enabled"] = true, ["public_keys"] = new JsonArray(await File.ReadAllTextAsync(keys.OtherPublicKeyPath, Ct)) } });
        await AssertRefusedAsync(http, repository, "signed", "no configured key verifies the signature");
    }

    [Fact]
    public async Task Registry_verifies_keyless_skopeo_signatures_and_sigstore_bundles_against_the_trusted_root_and_identity()
    {
        using var http = new RegistryHttpClient(server);
        var project = await CreateProjectAsync(http, "trustkeyless");
        var repository = project + "/app";
        using var work = new TempDirectory("ak-e2e-trust-keyless");
        var token = await SigstoreMockServer.TokenAsync(SigstoreMockServer.DefaultIdentity, SigstoreMockServer.DefaultIssuer, Ct);
        var parameters = ContainersSignatureConfig.WriteKeylessSigningParameters(work.Combine("keyless.yaml"), sigstore.Url, sigstore.Url, token);
        var keyless = await CopyToRegistryAsync(repository, "keyless", ["--sign-by-sigstore", parameters]);

        var bundled = TestImage.Create();
        await http.PushImageAsync(repository, "bundled", bundled, Ct);
        var bundle = await sigstore.SignImageAsync(server.HostPort + "/" + repository, bundled.Manifest.Descriptor.Digest, Ct);
        await SigstoreBundleReferrer.PushAsync(http, repository, bundled.Manifest.Descriptor, bundle, Ct);

        var trustedRoot = JsonNode.Parse(await File.ReadAllTextAsync(sigstore.TrustedRootPath, Ct))!;
        await SetKeylessPolicyAsync(http, project, SigstoreMockServer.DefaultIdentity, trustedRoot);
        await SendJsonAsync(http, HttpMethod.Put, $"api/v2.0/projects/{project}",
            new JsonObject { ["metadata"] = new JsonObject { ["enable_content_trust_cosign"] = "true" } });

        foreach (var (tag, digest) in new[] { ("keyless", keyless.Manifest.Descriptor.Digest), ("bundled", bundled.Manifest.Descriptor.Digest) })
        {
            var verdict = Assert.Single(await SignaturesAsync(http, repository, digest));
            Assert.True((bool)verdict!["verified"]!, $"{tag}: {verdict.ToJsonString()}");
            Assert.Equal(SigstoreMockServer.DefaultIdentity, (string?)verdict["signer"]);
            Assert.Equal(SigstoreMockServer.DefaultIssuer, (string?)verdict["issuer"]);
            using var pulled = await http.GetAsync($"v2/{repository}/manifests/{tag}", Ct, OciMediaTypes.ImageManifest);
            Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        }

        await SetKeylessPolicyAsync(http, project, "https://someone-else.example.test/ci@refs/heads/main", trustedRoot);
        await AssertRefusedAsync(http, repository, "keyless", "does not match any trusted identity");
        await AssertRefusedAsync(http, repository, "bundled", "does not match any trusted identity");
    }

    private static Task SetKeylessPolicyAsync(RegistryHttpClient http, string project, string identity, JsonNode trustedRoot) =>
        SendJsonAsync(http, HttpMethod.Put, $"api/v2.0/projects/{project}/content-trust", new JsonObject
        {
            ["cosign"] = new JsonObject
            {
                ["enabled"] = true,
                ["keyless"] = new JsonArray(new JsonObject { ["issuer"] = SigstoreMockServer.DefaultIssuer, ["identity"] = identity }),
                ["trusted_root"] = trustedRoot.DeepClone(),
            },
        });

    private static async Task<string> CreateProjectAsync(RegistryHttpClient http, string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await SendJsonAsync(http, HttpMethod.Post, "api/v2.0/projects", new JsonObject { ["project_name"] = name });
        return name;
    }

    private static async Task SendJsonAsync(RegistryHttpClient http, HttpMethod method, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var response = await http.Http.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private static async Task<JsonArray> SignaturesAsync(RegistryHttpClient http, string repository, string digest)
    {
        var separator = repository.IndexOf('/', StringComparison.Ordinal);
        var name = Uri.EscapeDataString(Uri.EscapeDataString(repository[(separator + 1)..]));
        using var response = await http.GetAsync($"api/v2.0/projects/{repository[..separator]}/repositories/{name}/artifacts/{digest}/signatures", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsArray();
    }

    private static async Task AssertRefusedAsync(RegistryHttpClient http, string repository, string tag, string reason)
    {
        using var response = await http.GetAsync($"v2/{repository}/manifests/{tag}", Ct, OciMediaTypes.ImageManifest);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.PreconditionFailed, $"{repository}:{tag} -> {(int)response.StatusCode}: {body}");
        var error = Assert.Single(JsonNode.Parse(body)!["errors"]!.AsArray())!;
        Assert.Equal("DENIED", (string?)error["code"]);
        Assert.Contains(reason, (string?)error["message"], StringComparison.Ordinal);
    }
}
