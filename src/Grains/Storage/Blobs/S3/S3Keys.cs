namespace ArtifactKeeper.Storage.Blobs.S3;

/// <summary>
/// The object key layout of an <see cref="S3BlobStore"/> bucket, drawn once:
/// <code>
/// blobs/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;   published blobs, immutable, named by content
/// uploads/&lt;uploadId&gt;/state              JSON upload state (the only source of truth of an upload)
/// uploads/&lt;uploadId&gt;/tail-&lt;n&gt;             flushed bytes after the last multipart part (below the part size)
/// uploads/&lt;uploadId&gt;/data-&lt;n&gt;             target of the upload's multipart upload, then the assembled upload
/// </code>
/// Tail and data keys carry a fresh random suffix per object, so an object a committed state names
/// is never overwritten: a crash between writing an object and writing the state cannot corrupt it.
/// </summary>
internal static class S3Keys
{
    public const string BlobPrefix = "blobs/sha256/";
    public const string UploadPrefix = "uploads/";

    public static string Blob(string digest)
    {
        BlobStoreKeys.ValidateDigest(digest, nameof(digest));
        var hex = digest[BlobStoreKeys.Sha256Prefix.Length..];
        return BlobPrefix + hex[..2] + "/" + hex;
    }

    /// <summary>The digest a blob key names, or null for any other key.</summary>
    public static string? DigestOf(string key)
    {
        // blobs/sha256/ab/ab…: prefix, 2 hex, slash, 64 hex whose first two match the directory.
        if (key.Length != BlobPrefix.Length + 3 + BlobStoreKeys.Sha256HexLength
            || !key.StartsWith(BlobPrefix, StringComparison.Ordinal)
            || key[BlobPrefix.Length + 2] != '/')
        {
            return null;
        }

        var hex = key.AsSpan(BlobPrefix.Length + 3);
        return BlobStoreKeys.IsLowerHex(hex) && hex[..2].SequenceEqual(key.AsSpan(BlobPrefix.Length, 2))
            ? BlobStoreKeys.Sha256Prefix + hex.ToString()
            : null;
    }

    public static string Upload(string uploadId)
    {
        BlobStoreKeys.ValidateUploadId(uploadId, nameof(uploadId));
        return UploadPrefix + uploadId + "/";
    }

    public static string State(string uploadId) => Upload(uploadId) + "state";

    public static string NewTail(string uploadId) => Upload(uploadId) + "tail-" + Guid.NewGuid().ToString("N");

    public static string NewData(string uploadId) => Upload(uploadId) + "data-" + Guid.NewGuid().ToString("N");
}
