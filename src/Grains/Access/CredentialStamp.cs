using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Access;

/// <summary>
/// A short value that changes whenever a user's credentials do. Long-lived refresh tokens carry it and are
/// refused once it no longer matches: a new password (fresh salt, so a new hash, even for the same password)
/// or a deleted and recreated namesake (new user id) invalidates them without any token bookkeeping.
/// Derived from the stored row, so it needs no column of its own; it is a one-way digest of a salted hash,
/// so a token holder learns nothing useful about the password.
/// </summary>
public static class CredentialStamp
{
    private const int Length = 16;

    public static string Of(long userId, string passwordHash)
    {
        ArgumentNullException.ThrowIfNull(passwordHash);
        var input = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"artifactkeeper-credential-stamp-v1\0{userId}\0{passwordHash}"));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, digest);
        return Base64Url.EncodeToString(digest[..Length]);
    }
}
