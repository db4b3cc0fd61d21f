using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>An OCI content descriptor.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size)
{
    /// <summary>Descriptor of <paramref name="content"/> with its sha256 digest.</summary>
    public static OciDescriptor Of(string mediaType, ReadOnlySpan<byte> content) =>
        new(mediaType, DigestOf(content), content.Length);

    /// <summary>sha256:&lt;lower-case hex&gt; of the bytes.</summary>
    public static string DigestOf(ReadOnlySpan<byte> content) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The descriptor as it appears inside a manifest or index.</summary>
    public JsonObject ToJson() => new()
    {
        ["mediaType"] = MediaType,
        ["digest"] = Digest,
        ["size"] = Size,
    };
}

/// <summary>Bytes together with their descriptor.</summary>
public sealed record OciBlob(OciDescriptor Descriptor, byte[] Content)
{
    /// <summary>Wraps <paramref name="content"/> with a freshly computed descriptor.</summary>
    public static OciBlob Of(string mediaType, byte[] content) => new(OciDescriptor.Of(mediaType, content), content);
}
