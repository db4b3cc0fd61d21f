using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Cosign;

namespace ArtifactKeeper.Tests.Signing.Cosign;

/// <summary>Builds legacy cosign <c>.sig</c> manifests the way cosign and skopeo push them, layer by layer.</summary>
internal sealed class SigManifestBuilder
{
    private readonly JsonArray _layers = [];
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _blobs = new(StringComparer.Ordinal);

    public static string Digest(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] Payload(string manifestDigest, string reference = "registry.test/app") =>
        Encoding.UTF8.GetBytes($$"""{"critical":{"identity":{"docker-reference":"{{reference}}"},"image":{"docker-manifest-digest":"{{manifestDigest}}"},"type":"cosign container image signature"},"optional":null}""");

    /// <summary>Adds one layer; <paramref name="blob"/> null leaves the blob out (a payload the gatherer could not read).</summary>
    public SigManifestBuilder Layer(byte[] payload, IReadOnlyDictionary<string, string> annotations, string mediaType = CosignFormat.SimpleSigningLayer, bool withBlob = true)
    {
        var digest = Digest(payload);
        var values = new JsonObject();
        foreach (var (name, value) in annotations)
            values[name] = value;
        _layers.Add(new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = payload.Length, ["annotations"] = values });
        if (withBlob)
            _blobs[digest] = payload;
        return this;
    }

    public SignatureArtifact Build()
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = "sha256:" + new string('0', 64), ["size"] = 2 },
            ["layers"] = _layers.DeepClone(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest);
        return new SignatureArtifact(SignatureKind.Cosign, Digest(bytes), null, bytes, new Dictionary<string, ReadOnlyMemory<byte>>(_blobs));
    }

    /// <summary>
    /// A containers/image <c>signature-N</c> file (<c>"\0sigstore-json\n"</c> + JSON of mimeType, payload, annotations),
    /// turned into the <c>.sig</c> layer it stands for (MANIFEST.md §A).
    /// </summary>
    public SigManifestBuilder FromContainersImageFile(byte[] file)
    {
        var prefix = "\0sigstore-json\n"u8;
        Assert.True(file.AsSpan().StartsWith(prefix), "not a containers/image sigstore signature file");
        using var document = JsonDocument.Parse(file.AsMemory(prefix.Length));
        var root = document.RootElement;
        var annotations = root.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return Layer(Convert.FromBase64String(root.GetProperty("payload").GetString()!), annotations, root.GetProperty("mimeType").GetString()!);
    }
}
