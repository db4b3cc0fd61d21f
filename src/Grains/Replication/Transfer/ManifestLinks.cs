using System.Text.Json;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// What a copy must bring along before a manifest can be pushed: the blobs it names (config, then layers; foreign
/// layers stay at their urls) or, for an index, its child manifests; and its subject, when it is a referrer.
/// Pure; the registry that served the manifest already validated it, so a manifest this cannot read is refused.
/// </summary>
public sealed record ManifestLinks(IReadOnlyList<OciDescriptor> Blobs, IReadOnlyList<OciDescriptor> Children, OciDescriptor? Subject)
{
    private const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    private const string OciNonDistributablePrefix = "application/vnd.oci.image.layer.nondistributable.";

    public static ManifestLinks Read(OciManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            using var document = JsonDocument.Parse(manifest.Content);
            var root = document.RootElement;
            var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? ReadDescriptor(s) : null;
            if (ManifestMediaTypes.IsIndex(manifest.MediaType) || (!ManifestMediaTypes.IsImageManifest(manifest.MediaType) && root.TryGetProperty("manifests", out _)))
            {
                return new ManifestLinks([], ReadArray(root, "manifests", skipForeign: false), subject);
            }

            if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("an image manifest needs a config");
            }

            var blobs = new List<OciDescriptor> { ReadDescriptor(config) };

            blobs.AddRange(ReadArray(root, "layers", skipForeign: true));
            return new ManifestLinks(Distinct(blobs), [], subject);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new OciRegistryException(
                $"manifest {manifest.Digest} cannot be read: {ex.Message}", System.Net.HttpStatusCode.BadRequest, transient: false, "MANIFEST_INVALID", inner: ex);
        }
    }

    private static List<OciDescriptor> ReadArray(JsonElement root, string name, bool skipForeign)
    {
        var result = new List<OciDescriptor>();
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var element in array.EnumerateArray())
        {
            var descriptor = ReadDescriptor(element);
            if (skipForeign && IsForeign(element, descriptor.MediaType))
            {
                continue;
            }

            result.Add(descriptor);
        }

        return result;
    }

    private static OciDescriptor ReadDescriptor(JsonElement element)
    {
        var mediaType = element.GetProperty("mediaType").GetString() ?? throw new FormatException("a descriptor has no mediaType");
        var digest = element.GetProperty("digest").GetString();

        // The digest goes into the destination's URLs and store keys: only a well-formed one is followed.
        if (!Registry.OciGrammar.IsValidDigest(digest))
        {
            throw new FormatException($"'{digest}' is not a valid digest");
        }

        var size = element.GetProperty("size").GetInt64();
        var artifactType = element.TryGetProperty("artifactType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        return new OciDescriptor(mediaType, digest!, size, artifactType);
    }

    private static bool IsForeign(JsonElement element, string mediaType) =>
        element.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0 &&
        (mediaType == DockerForeignLayer || mediaType.StartsWith(OciNonDistributablePrefix, StringComparison.Ordinal));

    private static List<OciDescriptor> Distinct(List<OciDescriptor> blobs) =>
        blobs.DistinctBy(b => b.Digest, StringComparer.Ordinal).ToList();
}
