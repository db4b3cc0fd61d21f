using System.Security.Cryptography;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>sha256 content digests of manifests (small, in memory).</summary>
public static class Digests
{
    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
