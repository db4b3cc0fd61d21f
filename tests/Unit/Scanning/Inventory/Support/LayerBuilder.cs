using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>Builds a small layer tar in memory: files, symlinks, hard links, whiteouts, opaque markers.</summary>
public sealed class LayerBuilder
{
    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;

    public LayerBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        Format = format;
        _writer = new TarWriter(_tar, format, leaveOpen: true);
    }

    private TarEntryFormat Format { get; }

    public LayerBuilder File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    public LayerBuilder File(string name, byte[] bytes)
    {
        var entry = NewEntry(TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(bytes);
        _writer.WriteEntry(entry);
        return this;
    }

    public LayerBuilder Directory(string name)
    {
        _writer.WriteEntry(NewEntry(TarEntryType.Directory, name));
        return this;
    }

    public LayerBuilder Symlink(string name, string target)
    {
        var entry = NewEntry(TarEntryType.SymbolicLink, name);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
        return this;
    }

    public LayerBuilder HardLink(string name, string target)
    {
        var entry = NewEntry(TarEntryType.HardLink, name);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
        return this;
    }

    /// <summary>A whiteout removing <paramref name="path"/> from the lower layers.</summary>
    public LayerBuilder Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        return File(slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..], []);
    }

    /// <summary>An opaque marker hiding the lower contents of <paramref name="folder"/>.</summary>
    public LayerBuilder Opaque(string folder) => File(folder + "/.wh..wh..opq", []);

    public BuiltLayer Build(LayerCompression compression = LayerCompression.Gzip)
    {
        _writer.Dispose();
        var tar = _tar.ToArray();
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar));
        byte[] blob;
        string mediaType;
        switch (compression)
        {
            case LayerCompression.Gzip:
                using (var output = new MemoryStream())
                {
                    using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                        gzip.Write(tar);
                    blob = output.ToArray();
                }

                mediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
                break;
            case LayerCompression.Zstd:
                using (var compressor = new ZstdSharp.Compressor())
                    blob = compressor.Wrap(tar).ToArray();
                mediaType = "application/vnd.oci.image.layer.v1.tar+zstd";
                break;
            default:
                blob = tar;
                mediaType = "application/vnd.oci.image.layer.v1.tar";
                break;
        }

        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        return new BuiltLayer(new LayerSource(digest, mediaType, blob.Length, diffId), blob);
    }

    private TarEntry NewEntry(TarEntryType type, string name) => Format switch
    {
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        _ => new PaxTarEntry(type, name),
    };
}

public sealed record BuiltLayer(LayerSource Source, byte[] Blob);

/// <summary>Puts built layers into an <see cref="InMemoryContent"/> and lists them bottom first.</summary>
public static class Layers
{
    public static (IReadOnlyList<LayerSource> Layers, InMemoryContent Content) Of(params BuiltLayer[] built)
    {
        var content = new InMemoryContent();
        foreach (var layer in built)
            content.Add(layer.Source.Digest, layer.Blob);
        return (built.Select(b => b.Source).ToList(), content);
    }
}
