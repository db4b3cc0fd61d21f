using System.Globalization;
using System.Security.Cryptography;

namespace ArtifactKeeper.Access;

/// <summary>
/// Hashes and verifies user passwords with PBKDF2-HMAC-SHA256. The stored form names its algorithm and
/// iteration count (<c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>) so the cost can be raised later
/// without invalidating existing hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>Iterations used for new hashes.</summary>
    public const int Iterations = 100_000;

    private const string Prefix = "pbkdf2-sha256";
    private const int SaltLength = 16;
    private const int HashLength = 32;

    // Bounds for stored values: a corrupt or hostile row must not make verification hang or allocate wildly.
    private const int MaxIterations = 10_000_000;
    private const int MaxPartLength = 256;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashLength];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, Iterations, HashAlgorithmName.SHA256);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="storedHash"/>. Returns false, never throws,
    /// when the stored value is malformed.
    /// </summary>
    public static bool Verify(string password, string storedHash)
    {
        if (password is null || string.IsNullOrEmpty(storedHash))
        {
            return false;
        }

        var parts = storedHash.Split('$');
        if (parts.Length != 4 || !string.Equals(parts[0], Prefix, StringComparison.Ordinal)
            || parts[2].Length > MaxPartLength || parts[3].Length > MaxPartLength
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > MaxIterations)
        {
            return false;
        }

        Span<byte> salt = stackalloc byte[MaxPartLength];
        Span<byte> expected = stackalloc byte[MaxPartLength];
        if (!Convert.TryFromBase64String(parts[2], salt, out var saltLength)
            || !Convert.TryFromBase64String(parts[3], expected, out var hashLength)
            || saltLength == 0 || hashLength < 16)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[hashLength];
        Rfc2898DeriveBytes.Pbkdf2(password, salt[..saltLength], actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected[..hashLength]);
    }
}
