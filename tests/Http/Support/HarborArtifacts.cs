using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's repository and artifact API in HTTP tests.</summary>
public static class HarborArtifacts
{
    /// <summary>The repository part of a full name, double URL-encoded as Harbor's clients send it.</summary>
    public static string Segment(string repository) =>
        Uri.EscapeDataString(Uri.EscapeDataString(repository[(repository.IndexOf('/', StringComparison.Ordinal) + 1)..]));

    public static string RepositoryPath(string repository) =>
        $"/api/v2.0/projects/{repository[..repository.IndexOf('/', StringComparison.Ordinal)]}/repositories/{Segment(repository)}";

    public static string ArtifactsPath(string repository) => RepositoryPath(repository) + "/artifacts";

    /// <summary>GETs <paramref name="path"/>, asserts 200 and returns the JSON.</summary>
    public static async Task<JsonNode> GetJsonAsync(RegistryClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static List<string> Strings(JsonNode array, string field) =>
        array.AsArray().Select(n => n![field]!.GetValue<string>()).ToList();

    /// <summary>A Helm chart pushed as OCI (config, chart layer), with the given files in its <c>.tgz</c>.</summary>
    public static async Task<string> PushChartAsync(RegistryClient client, string repository, string tag, IReadOnlyDictionary<string, string> files)
    {
        var config = Encoding.UTF8.GetBytes("""{"apiVersion":"v2","name":"demo","version":"0.1.0","description":"a demo chart"}""");
        var layer = ChartTgz("demo", files);
        await client.PushBlobAsync(repository, config);
        await client.PushBlobAsync(repository, layer);
        var manifest = Manifests.Image(
            Manifests.Descriptor("application/vnd.cncf.helm.config.v1+json", config),
            [Manifests.Descriptor("application/vnd.cncf.helm.chart.content.v1.tar+gzip", layer)]);
        return await client.PushManifestAsync(repository, tag, manifest, Manifests.OciManifest);
    }

    public static byte[] ChartTgz(string chart, IReadOnlyDictionary<string, string> files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{chart}/{name}") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }
}
