using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// Real signers against the registry: trixie's skopeo signing with a sigstore key and keylessly (the mock Fulcio and
/// Rekor on loopback) into cosign-style <c>.sig</c> attachments, a sigstore-js bundle attached through the referrers
/// API, and skopeo's own sigstoreSigned policy reading the signatures back (the bytes we store are the real
/// signatures); then the registry's own verdicts and its enforcement on pull under a project's content-trust policy.
/// </summary>
public sealed partial class SigstoreSigningTests(RegistryServer server, SigstoreMockServer sigstore, SigstoreKeyPair keys)
    : IClassFixture<RegistryServer>, IClassFixture<SigstoreMockServer>, IClassFixture<SigstoreKeyPair>
{
    private const string CosignSignatureType = "signature.cosign";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Skopeo_signing_with_a_sigstore_key_stores_a_sig_accessory_whose_signature_verifies_with_the_public_key()
    {
        var repository = Names.Repository("sigkey");
        var image = await CopyToRegistryAsync(repository, "v1",
            ["--sign-by-sigstore-private-key", keys.PrivateKeyPath, "--sign-passphrase-file", keys.PassphrasePath]);
        var digest = image.Manifest.Descriptor.Digest;

        using var http = new RegistryHttpClient(server);
        var attachment = await CosignSignatureAttachment.ReadAsync(http, repository, digest, Ct);
        var accessory = Assert.Single(await AccessoriesAsync(http, repository, digest))!;
        Assert.Equal(CosignSignatureType, (string?)accessory["type"]);
        Assert.Equal(attachment.ManifestDigest, (string?)accessory["digest"]);
        Assert.Equal(digest, (string?)accessory["subject_artifact_digest"]);

        var layer = Assert.Single(attachment.Layers);
        Assert.Equal(CosignSignatureLayer.SimpleSigning, layer.MediaType);
        var critical = layer.PayloadJson["critical"]!;
        Assert.Equal(digest, (string?)critical["image"]!["docker-manifest-digest"]);
        Assert.Equal(server.Reference(repository, "v1"), (string?)critical["identity"]!["docker-reference"]);
        Assert.Equal("cosign container image signature", (string?)critical["type"]);

        Assert.True(VerifiesWith(keys.PublicKeyPath, layer.Payload, layer.Signature), "the signature does not verify with the signing key");
        Assert.False(VerifiesWith(keys.OtherPublicKeyPath, layer.Payload, layer.Signature), "another key verified the signature");
        var tampered = layer.Payload.ToArray();
        tampered[^2] ^= 0x01;
        Assert.False(VerifiesWith(keys.PublicKeyPath, tampered, layer.Signature), "a changed payload still verified");
    }

    [Fact]
    public async Task Skopeo_keyless_signing_with_the_mock_Fulcio_and_Rekor_stores_certificate_chain_and_Rekor_bundle()
    {
        using var work = new TempDirectory("ak-e2e-keyless");
        var token = await SigstoreMockServer.TokenAsync(SigstoreMockServer.DefaultIdentity, SigstoreMockServer.DefaultIssuer, Ct);
        var parameters = ContainersSignatureConfig.WriteKeylessSigningParameters(work.Combine("keyless.yaml"), sigstore.Url, sigstore.Url, token);
        var repository = Names.Repository("keyless");
        var image = await CopyToRegistryAsync(repository, "v1", ["--sign-by-sigstore", parameters]);
        var digest = image.Manifest.Descriptor.Digest;

        using var http = new RegistryHttpClient(server);
        var layer = Assert.Single((await CosignSignatureAttachment.ReadAsync(http, repository, digest, Ct)).Layers);
        Assert.Equal(digest, (string?)layer.PayloadJson["critical"]!["image"]!["docker-manifest-digest"]);

        using var leaf = X509Certificate2.CreateFromPem(layer.Annotations[CosignSignatureLayer.CertificateAnnotation]);
        Assert.Equal(SigstoreMockServer.DefaultIdentity, leaf.GetNameInfo(X509NameType.UrlName, forIssuer: false));
        using (var leafKey = leaf.GetECDsaPublicKey()!)
        {
            Assert.True(leafKey.VerifyData(layer.Payload, layer.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
                "the signature does not verify with the Fulcio certificate's key");
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(layer.Annotations[CosignSignatureLayer.ChainAnnotation]);
        using var fulcioRoot = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(sigstore.FulcioRootPath, Ct));
        Assert.Contains(chain, c => c.Thumbprint == fulcioRoot.Thumbprint);
        Assert.True(ChainsTo(leaf, fulcioRoot), "the certificate does not chain to the mock Fulcio root");

        var bundle = JsonNode.Parse(layer.Annotations[CosignSignatureLayer.BundleAnnotation])!;
        Assert.False(string.IsNullOrEmpty((string?)bundle["SignedEntryTimestamp"]), "the Rekor bundle has no signed entry timestamp");
        var rekorKey = ReadPublicKeyDer(await File.ReadAllTextAsync(sigstore.RekorPublicKeyPath, Ct));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(rekorKey)), (string?)bundle["Payload"]!["logID"]);
    }

    [Fact]
    public async Task Sigstore_bundle_pushed_as_a_referrer_is_listed_by_the_referrers_api_and_its_stored_bytes_verify()
    {
        using var http = new RegistryHttpClient(server);
        var repository = Names.Repository("bundle");
        var image = TestImage.Create();
        await http.PushImageAsync(repository, "v1", image, Ct);
        var digest = image.Manifest.Descriptor.Digest;
        var bundle = await sigstore.SignImageAsync(server.HostPort + "/" + repository, digest, Ct);

        var referrer = await SigstoreBundleReferrer.PushAsync(http, repository, image.Manifest.Descriptor, bundle, Ct);

        using var response = await http.GetAsync($"v2/{repository}/referrers/{digest}", Ct, OciMediaTypes.ImageIndex);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["manifests"]!.AsArray());
        Assert.Equal(referrer.Descriptor.Digest, (string?)entry!["digest"]);
        Assert.Equal(SigstoreBundleReferrer.BundleMediaType, (string?)entry["artifactType"]);

        var layerDigest = (string)JsonNode.Parse(referrer.Content)!["layers"]![0]!["digest"]!;
        using var stored = await http.GetAsync($"v2/{repository}/blobs/{layerDigest}", Ct);
        var storedBundle = await stored.Content.ReadAsByteArrayAsync(Ct);
        var verified = await sigstore.VerifyAsync(storedBundle, digest, SigstoreMockServer.DefaultIdentity, SigstoreMockServer.DefaultIssuer, Ct);
        Assert.True(verified.ExitCode == 0, verified.Describe());
        var wrongIdentity = await sigstore.VerifyAsync(storedBundle, digest, "https://someone-else.example.test", SigstoreMockServer.DefaultIssuer, Ct);
        Assert.True(wrongIdentity.ExitCode != 0, "a wrong identity was accepted:\n" + wrongIdentity.Describe());
    }

    [Fact]
    public async Task Pull_under_a_sigstoreSigned_policy_accepts_the_signing_key_and_refuses_another_key_or_no_signature()
    {
        var repository = Names.Repository("policy");
        var signed = await CopyToRegistryAsync(repository, "signed",
            ["--sign-by-sigstore-private-key", keys.PrivateKeyPath, "--sign-passphrase-file", keys.PassphrasePath]);
        await CopyToRegistryAsync(repository, "unsigned", []);
        using var work = new TempDirectory("ak-e2e-policy");
        var registries = ContainersSignatureConfig.WriteRegistriesDirectory(work.Path, server.HostPort);
        var trusting = ContainersSignatureConfig.WriteSigstoreKeyPolicy(work.Combine("trusting.json"), server.HostPort, keys.PublicKeyPath);
        var other = ContainersSignatureConfig.WriteSigstoreKeyPolicy(work.Combine("other.json"), server.HostPort, keys.OtherPublicKeyPath);

        var accepted = await PullAsync(trusting, registries, repository, "signed", work.Combine("accepted"));
        Assert.True(accepted.ExitCode == 0, accepted.Describe());
        Assert.Equal(signed.Manifest.Descriptor.Digest, OciLayout.FindTag(work.Combine("accepted"), "pulled").Digest);

        var wrongKey = await PullAsync(other, registries, repository, "signed", work.Combine("wrong-key"));
        Assert.True(wrongKey.ExitCode != 0, "a pull trusting another key succeeded:\n" + wrongKey.Describe());
        Assert.Contains("invalid signature", wrongKey.StandardError, StringComparison.OrdinalIgnoreCase);

        var unsigned = await PullAsync(trusting, registries, repository, "unsigned", work.Combine("unsigned"));
        Assert.True(unsigned.ExitCode != 0, "an unsigned image was accepted:\n" + unsigned.Describe());
        Assert.Contains("signature", unsigned.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Copies a fresh image from an OCI layout to the registry with trixie's skopeo, attachments on.</summary>
    private async Task<TestImage> CopyToRegistryAsync(string repository, string tag, IReadOnlyList<string> signing)
    {
        using var layout = new TempDirectory("ak-e2e-signsrc");
        var image = TestImage.Create();
        OciLayout.WriteImage(layout.Path, tag, image);
        var registries = ContainersSignatureConfig.WriteRegistriesDirectory(layout.Path, server.HostPort);
        await TrixieSkopeo.RunAsync(
            ["--registries.d", registries, "copy", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials,
             .. signing, "oci:" + layout.Path + ":" + tag, "docker://" + server.Reference(repository, tag)],
            Ct);
        return image;
    }

    /// <summary>
    /// Pulls into a local layout under <paramref name="policy"/>. The policy is checked against the source's
    /// signatures; --remove-signatures only keeps skopeo from copying them into the layout, which cannot hold them.
    /// </summary>
    private Task<CliResult> PullAsync(string policy, string registries, string repository, string tag, string destination) =>
        TrixieSkopeo.TryRunAsync(
            ["--policy", policy, "--registries.d", registries, "copy", "--remove-signatures", "--src-tls-verify=false", "--src-no-creds",
             "docker://" + server.Reference(repository, tag), "oci:" + destination + ":pulled"],
            Ct);

    private static async Task<JsonArray> AccessoriesAsync(RegistryHttpClient http, string repository, string digest)
    {
        var separator = repository.IndexOf('/', StringComparison.Ordinal);
        var project = repository[..separator];
        var name = Uri.EscapeDataString(Uri.EscapeDataString(repository[(separator + 1)..]));
        using var response = await http.GetAsync($"api/v2.0/projects/{project}/repositories/{name}/artifacts/{digest}/accessories", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsArray();
    }

    private static bool VerifiesWith(string publicKeyPath, byte[] payload, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(publicKeyPath));
        return key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private static byte[] ReadPublicKeyDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
