using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace ArtifactKeeper.Auth;

/// <summary>
/// A username and password from an HTTP Basic <c>Authorization</c> header (RFC 7617).
/// <see cref="ToString"/> leaves the password out so credentials can be logged by accident without harm.
/// </summary>
public readonly record struct BasicCredentials(string Username, string Password)
{
    // Generous for any real username and password, small enough to decode on the stack.
    private const int MaxEncodedLength = 4096;

    /// <summary>
    /// Parses <c>Basic &lt;base64(user:pass)&gt;</c>. The scheme is case-insensitive, the password may contain
    /// colons (the username may not), and the decoded bytes must be valid UTF-8 with a non-empty username.
    /// </summary>
    public static bool TryParse(string? authorizationHeader, out BasicCredentials credentials)
    {
        credentials = default;
        if (authorizationHeader is null)
        {
            return false;
        }

        var header = authorizationHeader.AsSpan().Trim();
        const string scheme = "Basic";
        if (header.Length <= scheme.Length
            || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || header[scheme.Length] != ' ')
        {
            return false;
        }

        var encoded = header[(scheme.Length + 1)..].TrimStart(' ');
        if (encoded.IsEmpty || encoded.Length > MaxEncodedLength || encoded.Length % 4 != 0)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[Base64.GetMaxDecodedFromUtf8Length(MaxEncodedLength)];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written))
        {
            return false;
        }

        try
        {
            var pair = decoded[..written];
            var colon = pair.IndexOf((byte)':');
            if (colon <= 0 || !Utf8.IsValid(pair))
            {
                return false;
            }

            credentials = new BasicCredentials(
                Encoding.UTF8.GetString(pair[..colon]),
                Encoding.UTF8.GetString(pair[(colon + 1)..]));
            return true;
        }
        finally
        {
            // The password should not linger in stack memory longer than needed.
            CryptographicOperations.ZeroMemory(decoded[..written]);
        }
    }

    /// <summary>Describes the credentials without the password.</summary>
    public override string ToString() => $"BasicCredentials {{ Username = {Username} }}";
}
