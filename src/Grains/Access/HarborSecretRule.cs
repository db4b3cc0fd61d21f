using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Access;

/// <summary>
/// Harbor's one rule for user passwords, robot secrets and OIDC CLI secrets: 8 to 128 bytes (Harbor measures
/// UTF-8 length) with an ASCII uppercase letter, lowercase letter and digit; and generation of random secrets
/// that meet it.
/// </summary>
public static class HarborSecretRule
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>Harbor's message, word for word, so scripts matching on it keep working.</summary>
    public const string Message =
        "the password or secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number";

    // Harbor generates 9 characters; 32 from a 62-letter alphabet carry about 190 bits, beyond guessing.
    private const int GeneratedLength = 32;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static bool IsValid(string? secret) =>
        secret is not null
        && Encoding.UTF8.GetByteCount(secret) is >= MinLength and <= MaxLength
        && secret.Any(char.IsAsciiLetterUpper) && secret.Any(char.IsAsciiLetterLower) && secret.Any(char.IsAsciiDigit);

    /// <summary>A fresh random secret of 32 letters and digits that meets <see cref="IsValid"/>.</summary>
    public static string Generate()
    {
        while (true)
        {
            var secret = RandomNumberGenerator.GetString(Alphabet, GeneratedLength);
            if (IsValid(secret))
            {
                return secret;
            }
        }
    }
}
