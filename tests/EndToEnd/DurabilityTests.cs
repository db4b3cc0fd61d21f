using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// "Acknowledged means durable": what a client was told is stored survives kill -9, and what was
/// never acknowledged is never served.
/// </summary>
public sealed class DurabilityTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pushed_image_survives_kill_9_and_restart_byte_for_byte()
    {
        using var source = new TempDirectory();
        using var destination = new TempDirectory();
        var image = TestImage.Create(layerCount: 2, fileSize: 256 * 1024);
        OciLayout.WriteImage(source.Path, "v1", image);
        var repository = Names.Repository("durable");
        var reference = "docker://" + server.Reference(repository, "v1");
        await Cli.RunAsync("skopeo",
            ["copy", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials, "oci:" + source.Path + ":v1", reference], Ct);

        await server.KillAsync();
        await server.RestartAsync(Ct);

        var inspect = await Cli.RunAsync("skopeo",
            ["inspect", "--raw", "--tls-verify=false", "--creds", server.AdminCredentials, reference], Ct);
        Assert.Equal(Encoding.UTF8.GetString(image.Manifest.Content), inspect.StandardOutput.TrimEnd('\n'));
        await Cli.RunAsync("skopeo",
            ["copy", "--src-tls-verify=false", "--src-creds", server.AdminCredentials, reference, "oci:" + destination.Path + ":v1"], Ct);
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(blob.Content, OciLayout.ReadBlob(destination.Path, blob.Descriptor.Digest));
        }
    }

    [Fact]
    public async Task Upload_interrupted_by_kill_9_is_never_served_as_a_blob()
    {
        var repository = Names.Repository("interrupted");
        var content = RandomNumberGenerator.GetBytes(1024 * 1024);
        var digest = OciDescriptor.DigestOf(content);
        using (var http = new RegistryHttpClient(server))
        {
            var location = await http.StartUploadAsync(repository, Ct);
            await http.PatchAsync(location, content[..(content.Length / 2)], 0, Ct);
        }

        await server.KillAsync();
        await server.RestartAsync(Ct);

        using var client = new RegistryHttpClient(server);
        using var response = await client.GetAsync($"v2/{repository}/blobs/{digest}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]![0]!;
        Assert.Equal("BLOB_UNKNOWN", (string?)error["code"]);
    }
}
