using System.Net;
using System.Text;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>skopeo against a running server: copy, inspect, delete, multi-platform copy, login.</summary>
public sealed class SkopeoTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Copy_from_oci_layout_then_inspect_raw_returns_identical_manifest_bytes()
    {
        using var layout = new TempDirectory();
        var image = TestImage.Create(layerCount: 2);
        OciLayout.WriteImage(layout.Path, "v1", image);
        var repository = Names.Repository("skopeo");

        await CopyToRegistryAsync(layout.Path + ":v1", repository, "v1");

        var inspect = await Cli.RunAsync("skopeo",
            ["inspect", "--raw", "--tls-verify=false", "--creds", server.AdminCredentials, "docker://" + server.Reference(repository, "v1")], Ct);
        Assert.Equal(Encoding.UTF8.GetString(image.Manifest.Content), inspect.StandardOutput.TrimEnd('\n'));
    }

    [Fact]
    public async Task Copy_to_registry_and_back_anonymously_keeps_layer_digests()
    {
        using var source = new TempDirectory();
        using var destination = new TempDirectory();
        var image = TestImage.Create(layerCount: 2);
        OciLayout.WriteImage(source.Path, "v1", image);
        var repository = Names.Repository("roundtrip");
        await CopyToRegistryAsync(source.Path + ":v1", repository, "v1");

        // library is public: pulling needs no credentials.
        await Cli.RunAsync("skopeo",
            ["copy", "--src-tls-verify=false", "--src-no-creds",
             "docker://" + server.Reference(repository, "v1"), "oci:" + destination.Path + ":copy"], Ct);

        Assert.Equal(image.Layers.Select(l => l.Descriptor.Digest), OciLayout.LayerDigests(destination.Path, "copy"));
        Assert.Equal(image.Manifest.Descriptor.Digest, OciLayout.FindTag(destination.Path, "copy").Digest);
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.Content, OciLayout.ReadBlob(destination.Path, layer.Descriptor.Digest));
        }
    }

    [Fact]
    public async Task Delete_removes_the_manifest_so_inspect_fails()
    {
        using var layout = new TempDirectory();
        OciLayout.WriteImage(layout.Path, "v1", TestImage.Create());
        var repository = Names.Repository("delete");
        await CopyToRegistryAsync(layout.Path + ":v1", repository, "v1");
        var reference = "docker://" + server.Reference(repository, "v1");

        await Cli.RunAsync("skopeo", ["delete", "--tls-verify=false", "--creds", server.AdminCredentials, reference], Ct);

        var inspect = await Cli.TryRunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", server.AdminCredentials, reference], Ct);
        Assert.True(inspect.ExitCode != 0, "inspect after delete should fail:\n" + inspect.Describe());
    }

    [Fact]
    public async Task Copy_all_of_two_platform_index_serves_index_and_both_child_manifests()
    {
        using var layout = new TempDirectory();
        var amd64 = TestImage.Create("amd64");
        var arm64 = TestImage.Create("arm64");
        var index = OciLayout.WriteMultiPlatform(layout.Path, "multi", [amd64, arm64]);
        var repository = Names.Repository("multi");

        await Cli.RunAsync("skopeo",
            ["copy", "--all", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials,
             "oci:" + layout.Path + ":multi", "docker://" + server.Reference(repository, "multi")], Ct);

        using var http = new RegistryHttpClient(server);
        using (var response = await http.GetAsync($"v2/{repository}/manifests/multi", Ct, OciMediaTypes.ImageIndex))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(OciMediaTypes.ImageIndex, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(index.Content, await response.Content.ReadAsByteArrayAsync(Ct));
        }

        foreach (var child in new[] { amd64, arm64 })
        {
            using var response = await http.GetAsync(
                $"v2/{repository}/manifests/{child.Manifest.Descriptor.Digest}", Ct, OciMediaTypes.ImageManifest);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(child.Manifest.Descriptor.Digest, HttpAssert.SingleHeader(response, "Docker-Content-Digest"));
            Assert.Equal(child.Manifest.Content, await response.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task Login_with_correct_password_succeeds()
    {
        using var directory = new TempDirectory();
        var result = await LoginAsync(directory.Combine("auth.json"), server.AdminPassword);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(server.HostPort, await File.ReadAllTextAsync(directory.Combine("auth.json"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_with_wrong_password_fails()
    {
        using var directory = new TempDirectory();
        var result = await LoginAsync(directory.Combine("auth.json"), server.AdminPassword + "-wrong");

        Assert.True(result.ExitCode != 0, "login with a wrong password should fail:\n" + result.Describe());
    }

    private Task<CliResult> LoginAsync(string authFile, string password) =>
        Cli.TryRunAsync("skopeo",
            ["login", "--tls-verify=false", "--authfile", authFile, "--username", "admin", "--password-stdin", server.HostPort],
            Ct, standardInput: password + "\n");

    private Task<CliResult> CopyToRegistryAsync(string ociSource, string repository, string tag) =>
        Cli.RunAsync("skopeo",
            ["copy", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials,
             "oci:" + ociSource, "docker://" + server.Reference(repository, tag)], Ct);
}
