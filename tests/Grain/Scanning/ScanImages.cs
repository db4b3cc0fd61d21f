using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Tests.Grain.Scanning;

/// <summary>Pushes small real images (a gzip layer with os-release and a dpkg status) through the stores and the repository grain.</summary>
internal static class ScanImages
{
    public const string DpkgStatus = """
        Package: curl
        Status: install ok installed
        Architecture: amd64
        Version: 7.88.1-10+deb12u1

        Package: zlib1g
        Status: install ok installed
        Architecture: amd64
        Source: zlib
        Version: 1:1.2.13.dfsg-1

        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b2

        """;

    public static byte[] Layer(params (string Path, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(TestContent.Utf8(text)) };
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A Debian 12 image with curl, zlib1g and bash installed (plus <paramref name="marker"/> to make its digest unique).</summary>
    public static Task<string> PushDebianAsync(RegistryClusterFixture fixture, string repository, string? tag = null) =>
        PushImageAsync(fixture, repository, tag, Layer(
            ("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
            ("var/lib/dpkg/status", DpkgStatus),
            ("marker", Guid.NewGuid().ToString())));

    public static async Task<string> PushImageAsync(RegistryClusterFixture fixture, string repository, string? tag, byte[] layer) =>
        (await PushImageWithSizeAsync(fixture, repository, tag, layer)).Digest;

    /// <summary>As <see cref="PushImageAsync"/>, also answering the manifest's size (for an index that names it).</summary>
    public static async Task<(string Digest, long Size)> PushImageWithSizeAsync(RegistryClusterFixture fixture, string repository, string? tag, byte[] layer)
    {
        var layerDigest = await TestContent.PublishBlobAsync(fixture, repository, layer);
        var diffId = TestContent.DigestOf(Gunzip(layer));
        var config = TestContent.Utf8(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        }.ToJsonString());
        var configDigest = await TestContent.PublishBlobAsync(fixture, repository, config);
        var manifest = Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length));
        return (await PutAsync(fixture, repository, tag ?? TestContent.DigestOf(manifest), manifest), manifest.Length);
    }

    /// <summary>A Helm chart: not scannable.</summary>
    public static async Task<string> PushChartAsync(RegistryClusterFixture fixture, string repository)
    {
        var chart = TestContent.RandomBytes(128);
        var config = TestContent.Utf8("{\"name\":\"demo\",\"version\":\"0.1.0\"}");
        var layerDigest = await TestContent.PublishBlobAsync(fixture, repository, chart);
        var configDigest = await TestContent.PublishBlobAsync(fixture, repository, config);
        var manifest = Manifests.Image((configDigest, config.Length), (layerDigest, chart.Length), configMediaType: "application/vnd.cncf.helm.config.v1+json");
        return await PutAsync(fixture, repository, TestContent.DigestOf(manifest), manifest);
    }

    public static async Task<string> PutAsync(RegistryClusterFixture fixture, string repository, string reference, byte[] manifest)
    {
        var result = await fixture.Client.GetGrain<IRepositoryGrain>(repository).PutManifestAsync(new PutManifestRequest(reference, ManifestMediaTypes.OciManifest, manifest));
        Assert.True(result.Succeeded, result.Message);
        return result.Digest!;
    }

    private static byte[] Gunzip(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
