using System.Security.Cryptography;

namespace ArtifactKeeper.Access.Robots;

/// <summary>Robot secrets: Harbor's complexity rule and random generation.</summary>
public static class RobotSecrets
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    public const string ComplexityRule =
        "the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number";

    private const int GeneratedLength = 32;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>8 to 128 characters with an ASCII uppercase letter, lowercase letter and digit.</summary>
    public static bool IsValid(string? secret) =>
        secret is { Length: >= MinLength and <= MaxLength }
        && secret.Any(char.IsAsciiLetterUpper) && secret.Any(char.IsAsciiLetterLower) && secret.Any(char.IsAsciiDigit);

    /// <summary>A random secret of 32 letters and digits that meets <see cref="IsValid"/>.</summary>
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
