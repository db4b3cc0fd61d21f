using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// A small, valid single-platform OCI image built in memory: real gzip-compressed tar layers
/// whose diff_ids are in the config, so podman and buildah accept it as well as skopeo.
/// Every image gets random file content, hence digests no other test shares.
/// </summary>
public sealed class TestImage
{
    private TestImage(OciBlob config, IReadOnlyList<OciBlob> layers, OciBlob manifest, string architecture)
    {
        Config = config;
        Layers = layers;
        Manifest = manifest;
        Architecture = architecture;
    }

    /// <summary>The image config blob.</summary>
    public OciBlob Config { get; }

    /// <summary>The compressed layer blobs, base first.</summary>
    public IReadOnlyList<OciBlob> Layers { get; }

    /// <summary>The image manifest bytes and descriptor.</summary>
    public OciBlob Manifest { get; }

    /// <summary>GOARCH-style architecture in the config.</summary>
    public string Architecture { get; }

    /// <summary>Config and layers, the blobs a push uploads before the manifest.</summary>
    public IEnumerable<OciBlob> Blobs => Layers.Prepend(Config);

    /// <summary>Builds an image with <paramref name="layerCount"/> layers of one random file each.</summary>
    public static TestImage Create(string architecture = "amd64", int layerCount = 1, int fileSize = 4096) =>
        Build(architecture, Enumerable.Range(0, layerCount).Select(i => RandomLayer($"layer{i}/data.bin", fileSize)).ToList());

    /// <summary>An image whose layers are those of <paramref name="baseImage"/> plus one random layer: they share blobs.</summary>
    public static TestImage CreateOnTopOf(TestImage baseImage, int fileSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(baseImage);
        return Build(baseImage.Architecture, [.. baseImage.Layers, RandomLayer($"top-{Guid.NewGuid():N}/data.bin", fileSize)]);
    }

    private static OciBlob RandomLayer(string fileName, int fileSize) =>
        OciBlob.Of(OciMediaTypes.LayerGzip, Gzip(CreateTar(fileName, RandomNumberGenerator.GetBytes(fileSize))));

    private static TestImage Build(string architecture, IReadOnlyList<OciBlob> layers)
    {
        var diffIds = new JsonArray(layers.Select(l => (JsonNode)OciDescriptor.DigestOf(Gunzip(l.Content))).ToArray());
        var config = new JsonObject
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Cmd"] = new JsonArray("/bin/true") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        var configBlob = OciBlob.Of(OciMediaTypes.ImageConfig, Encoding.UTF8.GetBytes(config.ToJsonString()));

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = configBlob.Descriptor.ToJson(),
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)l.Descriptor.ToJson()).ToArray()),
        };
        var manifestBlob = OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        return new TestImage(configBlob, layers, manifestBlob, architecture);
    }

    /// <summary>An uncompressed tar holding one regular file.</summary>
    public static byte[] CreateTar(string fileName, byte[] content)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, fileName)
            {
                DataStream = new MemoryStream(content),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            };
            writer.WriteEntry(entry);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] content)
    {
        using var input = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
