using System.Security.Cryptography;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Harbor's CLI secret: what an OIDC user types as the password of <c>docker login</c>, since the provider's
/// password never reaches the registry. The complexity rule is Harbor's password rule.
/// </summary>
public static class CliSecret
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>Harbor's message, so scripts matching on it keep working.</summary>
    public const string RuleMessage =
        "the password or secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number";

    // Harbor generates 9 characters; 32 from a 62-letter alphabet carry about 190 bits, beyond guessing.
    private const int GeneratedLength = 32;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static bool IsValid(string? secret) =>
        secret is { Length: >= MinLength and <= MaxLength }
        && secret.Any(char.IsAsciiLetterUpper) && secret.Any(char.IsAsciiLetterLower) && secret.Any(char.IsAsciiDigit);

    /// <summary>A fresh random secret that satisfies <see cref="IsValid"/>.</summary>
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
