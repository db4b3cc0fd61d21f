using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// Real cosign signatures made with the platform's ECDSA P-256, pushed as cosign pushes them: a simple-signing
/// payload naming the subject digest, in a <c>sha256-&lt;hex&gt;.sig</c> manifest whose layer carries the base64 DER
/// signature in <c>dev.cosignproject.cosign/signature</c>; plus the project settings that switch content trust on.
/// </summary>
public static class CosignSignatures
{
    public const string SimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    public static string Tag(string subjectDigest) => subjectDigest.Replace(':', '-') + ".sig";

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The <c>.sig</c> manifest signing <paramref name="subjectDigest"/> with <paramref name="key"/>, after pushing its blobs.</summary>
    public static async Task<byte[]> PushAsync(RegistryClient client, string repository, string subjectDigest, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(key);
        var payload = Encoding.UTF8.GetBytes(
            $$"""{"critical":{"identity":{"docker-reference":"localhost/{{repository}}"},"image":{"docker-manifest-digest":"{{subjectDigest}}"},"type":"cosign container image signature"},"optional":null}""");
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var config = Encoding.UTF8.GetBytes("""{"architecture":"","config":{},"os":"","rootfs":{"type":"layers","diff_ids":[]}}""");
        await client.PushBlobAsync(repository, config);
        await client.PushBlobAsync(repository, payload);
        var layer = Manifests.Descriptor(SimpleSigning, payload);
        layer["annotations"] = new JsonObject { ["dev.cosignproject.cosign/signature"] = signature };
        var manifest = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, config), [layer]);
        await client.PushManifestAsync(repository, Tag(subjectDigest), manifest, Manifests.OciManifest);
        return manifest;
    }

    /// <summary>PUTs the project's content-trust policy trusting <paramref name="keys"/>; asserts 200.</summary>
    public static async Task TrustAsync(RegistryClient admin, string project, params ECDsa[] keys)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var body = new JsonObject { ["cosign"] = new JsonObject { ["enabled"] = true, ["public_keys"] = new JsonArray(keys.Select(k => (JsonNode)k.ExportSubjectPublicKeyInfoPem()).ToArray()) } };
        using var response = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{project}/content-trust", HarborProjects.Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Sets a Harbor content-trust metadata key (<c>enable_content_trust_cosign</c>, <c>enable_content_trust</c>).</summary>
    public static async Task EnforceAsync(RegistryClient admin, string project, string key = "enable_content_trust_cosign", bool on = true)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.SendAsync(
            HttpMethod.Put, $"/api/v2.0/projects/{project}/metadatas/{key}", HarborProjects.Json($$"""{"{{key}}":"{{(on ? "true" : "false")}}"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
