using System.Buffers;
using System.Security.Cryptography;

namespace ArtifactKeeper.Storage.Blobs;

/// <summary>SHA-256 helpers every blob store backend shares, so digests are formatted and computed one way.</summary>
internal static class BlobHashing
{
    private const int BufferSize = 1024 * 1024;

    /// <summary><c>sha256:</c> plus the lowercase hex of <paramref name="hash"/>'s current value.</summary>
    public static string CurrentDigest(IncrementalHash hash) =>
        BlobStoreKeys.Sha256Prefix + Convert.ToHexStringLower(hash.GetCurrentHash());

    /// <summary>Reads <paramref name="source"/> to its end through SHA-256 with one pooled buffer.</summary>
    public static async Task<UploadDigest> HashAsync(Stream source, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new UploadDigest(BlobStoreKeys.Sha256Prefix + Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }
}
