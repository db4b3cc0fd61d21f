namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Validates the two key kinds a blob store accepts before any backend turns them into a path or
/// object key, so a crafted digest or upload id can never address anything outside the store.
/// </summary>
internal static class BlobStoreKeys
{
    public const string Sha256Prefix = "sha256:";
    public const int Sha256HexLength = 64;
    public const int MaxUploadIdLength = 64;

    /// <summary>Throws unless <paramref name="digest"/> is <c>sha256:</c> plus 64 lowercase hex digits.</summary>
    public static void ValidateDigest(string digest, string paramName)
    {
        ArgumentNullException.ThrowIfNull(digest, paramName);
        if (!IsValidDigest(digest))
        {
            throw new ArgumentException("Digest must be 'sha256:' followed by 64 lowercase hex digits.", paramName);
        }
    }

    public static bool IsValidDigest(string digest) =>
        digest.Length == Sha256Prefix.Length + Sha256HexLength
        && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal)
        && IsLowerHex(digest.AsSpan(Sha256Prefix.Length));

    public static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="uploadId"/> is 1..64 characters of <c>[A-Za-z0-9-]</c>.</summary>
    public static void ValidateUploadId(string uploadId, string paramName)
    {
        ArgumentNullException.ThrowIfNull(uploadId, paramName);
        if (uploadId.Length is 0 or > MaxUploadIdLength || !IsUploadIdChars(uploadId))
        {
            throw new ArgumentException("Upload id must be 1 to 64 characters of [A-Za-z0-9-].", paramName);
        }
    }

    private static bool IsUploadIdChars(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
