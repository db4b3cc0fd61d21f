using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Writes and reads OCI image layouts on disk (oci-layout, index.json, blobs/sha256/&lt;hex&gt;), the
/// source and destination of <c>skopeo copy oci:&lt;dir&gt;:&lt;tag&gt;</c>.
/// </summary>
public static class OciLayout
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>Writes a layout in which <paramref name="tag"/> names a single-platform image.</summary>
    public static void WriteImage(string directory, string tag, TestImage image)
    {
        WriteBlobs(directory, image);
        WriteIndexJson(directory, tag, image.Manifest.Descriptor);
    }

    /// <summary>
    /// Writes a layout in which <paramref name="tag"/> names an image index over the given images
    /// (platform linux/&lt;architecture&gt; each); returns the index blob.
    /// </summary>
    public static OciBlob WriteMultiPlatform(string directory, string tag, IReadOnlyList<TestImage> images)
    {
        var manifests = new JsonArray();
        foreach (var image in images)
        {
            WriteBlobs(directory, image);
            var entry = image.Manifest.Descriptor.ToJson();
            entry["platform"] = new JsonObject { ["architecture"] = image.Architecture, ["os"] = "linux" };
            manifests.Add(entry);
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageIndex,
            ["manifests"] = manifests,
        };
        var indexBlob = OciBlob.Of(OciMediaTypes.ImageIndex, Encoding.UTF8.GetBytes(index.ToJsonString()));
        WriteBlob(directory, indexBlob);
        WriteIndexJson(directory, tag, indexBlob.Descriptor);
        return indexBlob;
    }

    /// <summary>Descriptor that index.json gives for <paramref name="tag"/>.</summary>
    public static OciDescriptor FindTag(string directory, string tag)
    {
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "index.json")))!;
        foreach (var entry in index["manifests"]!.AsArray())
        {
            if ((string?)entry!["annotations"]?[RefNameAnnotation] == tag)
            {
                return new OciDescriptor((string)entry["mediaType"]!, (string)entry["digest"]!, (long)entry["size"]!);
            }
        }

        throw new InvalidOperationException($"index.json in {directory} has no tag {tag}.");
    }

    /// <summary>Bytes of the blob with <paramref name="digest"/>.</summary>
    public static byte[] ReadBlob(string directory, string digest) =>
        File.ReadAllBytes(BlobPath(directory, digest));

    /// <summary>Layer digests of the image manifest <paramref name="tag"/> names.</summary>
    public static IReadOnlyList<string> LayerDigests(string directory, string tag)
    {
        var manifest = JsonNode.Parse(ReadBlob(directory, FindTag(directory, tag).Digest))!;
        return manifest["layers"]!.AsArray().Select(l => (string)l!["digest"]!).ToList();
    }

    private static void WriteBlobs(string directory, TestImage image)
    {
        foreach (var blob in image.Blobs)
        {
            WriteBlob(directory, blob);
        }

        WriteBlob(directory, image.Manifest);
    }

    private static void WriteBlob(string directory, OciBlob blob)
    {
        var path = BlobPath(directory, blob.Descriptor.Digest);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, blob.Content);
    }

    private static void WriteIndexJson(string directory, string tag, OciDescriptor manifest)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var entry = manifest.ToJson();
        entry["annotations"] = new JsonObject { [RefNameAnnotation] = tag };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageIndex,
            ["manifests"] = new JsonArray(entry),
        };
        File.WriteAllText(Path.Combine(directory, "index.json"), index.ToJsonString());
    }

    private static string BlobPath(string directory, string digest)
    {
        var separator = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(directory, "blobs", digest[..separator], digest[(separator + 1)..]);
    }
}
