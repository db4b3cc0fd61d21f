using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// What a seed holds: <see cref="Repositories"/> repositories under project <see cref="Project"/>, each with
/// <see cref="ManifestsPerRepository"/> tagged image manifests of <see cref="BlobsPerManifest"/> blobs (a config and
/// layers, none shared), and <see cref="Garbage"/> blobs nothing links or references. Blob contents are short strings
/// derived from the position (and <see cref="GarbageSalt"/>), so the same shape always yields the same digests and a
/// check after GC can name every blob that must be gone or still there.
/// </summary>
internal sealed record BenchShape(string Project, int Repositories, int ManifestsPerRepository, int BlobsPerManifest, int Garbage, string GarbageSalt)
{
    public long ReferencedBlobs => (long)Repositories * ManifestsPerRepository * BlobsPerManifest;

    public long Manifests => (long)Repositories * ManifestsPerRepository;

    public string Repository(int repository) => string.Create(CultureInfo.InvariantCulture, $"{Project}/r{repository:D5}");

    public static string Tag(int manifest) => string.Create(CultureInfo.InvariantCulture, $"m{manifest:D5}");

    public SyntheticBlob Referenced(int repository, int manifest, int blob) =>
        SyntheticBlob.Of(string.Create(CultureInfo.InvariantCulture, $"{Project}/{repository}/{manifest}/{blob}"));

    public SyntheticBlob Unreferenced(int index) =>
        SyntheticBlob.Of(string.Create(CultureInfo.InvariantCulture, $"{Project}/garbage/{GarbageSalt}/{index}"));

    /// <summary>The blobs of one manifest, the config first.</summary>
    public IReadOnlyList<SyntheticBlob> BlobsOf(int repository, int manifest) =>
        Enumerable.Range(0, BlobsPerManifest).Select(b => Referenced(repository, manifest, b)).ToList();

    public static BenchShape From(Options options) => new(
        options.Text("project", "gcbench"),
        options.Int("repos", 1000),
        options.Int("manifests", 100),
        options.Int("blobs", 9),
        options.Int("garbage", 100_000),
        options.Text("salt", "g0"));
}

/// <summary>A tiny blob: its bytes and their sha256 digest.</summary>
internal sealed record SyntheticBlob(byte[] Content, string Hex)
{
    public string Digest => "sha256:" + Hex;

    public static SyntheticBlob Of(string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        return new SyntheticBlob(content, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    /// <summary>An OCI image manifest over <paramref name="blobs"/> (config first); its bytes and digest.</summary>
    /// <param name="blobs">The config, then the layers.</param>
    /// <param name="serial">When set, an annotation that makes manifests over the same blobs differ.</param>
    public static SyntheticBlob Manifest(IReadOnlyList<SyntheticBlob> blobs, string? serial = null)
    {
        var annotations = serial is null ? string.Empty : "," + "\"annotations\":{\"bench.serial\":\"" + serial + "\"}";
        var layers = string.Join(',', blobs.Skip(1).Select(b => string.Create(CultureInfo.InvariantCulture,
            $$"""{"mediaType":"{{OciTypes.Layer}}","digest":"{{b.Digest}}","size":{{b.Content.Length}}}""")));
        var json = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"schemaVersion":2,"mediaType":"{{{OciTypes.Manifest}}}","config":{"mediaType":"{{{OciTypes.Config}}}","digest":"{{{blobs[0].Digest}}}","size":{{{blobs[0].Content.Length}}}},"layers":[{{{layers}}}]{{{annotations}}}}""");
        var content = Encoding.UTF8.GetBytes(json);
        return new SyntheticBlob(content, Convert.ToHexStringLower(SHA256.HashData(content)));
    }
}

internal static class OciTypes
{
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";
    public const string Config = "application/vnd.oci.image.config.v1+json";
    public const string Layer = "application/vnd.oci.image.layer.v1.tar";
}
