using System.Text.RegularExpressions;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Which keyless signers are trusted: a certificate is accepted when one <see cref="KeylessIdentity"/> matches it,
/// i.e. its issuer equals the certificate's OIDC issuer (when set) and its identity equals, or its regular
/// expression matches in full, one of the certificate's subject alternative names.
/// </summary>
public static class IdentityPolicy
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The matched identity (the signer to report), or null with the reason in <paramref name="reason"/>.</summary>
    public static string? Match(CertificateIdentity identity, IReadOnlyList<KeylessIdentity> trusted, out string reason)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(trusted);
        if (trusted.Count == 0)
        {
            reason = $"no keyless identities are trusted, so certificate identity {identity.Primary} (issuer {identity.Issuer ?? "none"}) is not accepted";
            return null;
        }

        foreach (var candidate in trusted)
        {
            if (candidate.Identity is null && candidate.IdentityRegexp is null)
                continue;
            if (candidate.Issuer is not null && !string.Equals(candidate.Issuer, identity.Issuer, StringComparison.Ordinal))
                continue;
            foreach (var name in identity.Names)
            {
                if (candidate.Identity is not null && !string.Equals(candidate.Identity, name, StringComparison.Ordinal))
                    continue;
                if (candidate.IdentityRegexp is not null && !FullMatch(candidate.IdentityRegexp, name))
                    continue;
                reason = "";
                return name;
            }
        }

        reason = $"certificate identity {identity.Primary} (issuer {identity.Issuer ?? "none"}) does not match any trusted identity";
        return null;
    }

    private static bool FullMatch(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
