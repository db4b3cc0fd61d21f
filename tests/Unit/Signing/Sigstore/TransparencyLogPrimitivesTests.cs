using System.Security.Cryptography;
using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

/// <summary>RFC 6962 inclusion proofs over trees built here, and signed-note checkpoint parsing.</summary>
public sealed class TransparencyLogPrimitivesTests
{
    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>The RFC 6962 tree hash of leaves[from..to) and the audit path of <paramref name="index"/>.</summary>
    private static byte[] Root(IReadOnlyList<byte[]> leaves, int from, int to, int index, List<byte[]> path)
    {
        if (to - from == 1)
            return leaves[from];
        var split = 1;
        while (split * 2 < to - from)
            split *= 2;
        var left = Root(leaves, from, from + split, index, path);
        var right = Root(leaves, from + split, to, index, path);
        if (index >= from && index < to)
            path.Add(index < from + split ? right : left);
        return Node(left, right);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 0)]
    [InlineData(5, 3)]
    [InlineData(5, 4)]
    [InlineData(8, 6)]
    [InlineData(13, 12)]
    public void Proof_of_every_leaf_position_leads_to_the_root(int size, int index)
    {
        var leaves = Enumerable.Range(0, size).Select(i => MerkleInclusionProof.LeafHash([(byte)i])).ToList();
        var path = new List<byte[]>();
        var root = Root(leaves, 0, size, index, path);

        Assert.Null(MerkleInclusionProof.Verify(leaves[index], index, size, path, root));
        Assert.NotNull(MerkleInclusionProof.Verify(MerkleInclusionProof.LeafHash("another entry"u8), index, size, path, root));
    }

    [Fact]
    public void Proof_with_a_flipped_hash_or_an_index_outside_the_tree_is_refused()
    {
        var leaves = Enumerable.Range(0, 6).Select(i => MerkleInclusionProof.LeafHash([(byte)i])).ToList();
        var path = new List<byte[]>();
        var root = Root(leaves, 0, 6, 2, path);
        path[1] = [.. path[1]];
        path[1][0] ^= 1;

        Assert.Equal("the inclusion proof does not lead to the tree's root hash", MerkleInclusionProof.Verify(leaves[2], 2, 6, path, root));
        Assert.StartsWith("the inclusion proof's index 6", MerkleInclusionProof.Verify(leaves[2], 6, 6, path, root), StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_parses_origin_size_root_and_signature_lines_ignoring_others()
    {
        var root = Convert.ToBase64String(new byte[32]);
        var text = $"log.example - 1\n12\n{root}\nTimestamp: 1\n\n\u2014 log.example AAAAAQID\nnot a signature\n\u2014 witness BBBBBAUG\n";

        var checkpoint = Checkpoint.TryParse(text, out var reason);

        Assert.NotNull(checkpoint);
        Assert.Equal("log.example - 1", checkpoint.Origin);
        Assert.Equal(12, checkpoint.Size);
        Assert.Equal(["log.example", "witness"], checkpoint.Signatures.Select(s => s.Name));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"log.example - 1\n12\n{root}\nTimestamp: 1\n"), checkpoint.SignedText);
    }

    [Theory]
    [InlineData("12\nAAAA\n\n\u2014 x AAAAAQID\n")]
    [InlineData("origin\n\nAAAA\n\n\u2014 x AAAAAQID\n")]
    [InlineData("origin\n12\n\n\u2014 x AAAAAQID\n")]
    [InlineData("origin\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    public void Checkpoint_missing_a_part_is_refused(string text)
    {
        Assert.Null(Checkpoint.TryParse(text, out var reason));
        Assert.NotEmpty(reason);
    }
}
