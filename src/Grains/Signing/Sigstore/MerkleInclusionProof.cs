using System.Security.Cryptography;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>RFC 6962 / RFC 9162 Merkle inclusion proofs, as Rekor writes them.</summary>
public static class MerkleInclusionProof
{
    /// <summary>The leaf hash of an entry: <c>SHA-256(0x00 || body)</c>.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> body)
    {
        var buffer = new byte[body.Length + 1];
        body.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>Null when <paramref name="leafHash"/> at <paramref name="index"/> is in the tree of <paramref name="size"/> with <paramref name="root"/>.</summary>
    public static string? Verify(byte[] leafHash, long index, long size, IReadOnlyList<byte[]> hashes, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        ArgumentNullException.ThrowIfNull(hashes);
        if (index < 0 || size <= 0 || index >= size)
            return $"the inclusion proof's index {index} is not inside its tree of size {size}";
        var fn = index;
        var sn = size - 1;
        var hash = leafHash;
        foreach (var sibling in hashes)
        {
            if (sibling.Length != 32)
                return "the inclusion proof has a hash of the wrong length";
            if (sn == 0)
                return "the inclusion proof is longer than its tree";
            if ((fn & 1) == 1 || fn == sn)
            {
                hash = Node(sibling, hash);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                hash = Node(hash, sibling);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
            return "the inclusion proof is shorter than its tree";
        return hash.AsSpan().SequenceEqual(root) ? null : "the inclusion proof does not lead to the tree's root hash";
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[65];
        buffer[0] = 1;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 33);
        return SHA256.HashData(buffer);
    }
}
