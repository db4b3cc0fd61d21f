using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Checks a keyless signing certificate: at every verified signing time it chains, with code-signing usage, to a
/// certificate authority of the trusted root whose <c>validFor</c> covers that time, and its identity and issuer
/// match a trusted keyless identity. Returns null when accepted.
/// </summary>
public static class SigningCertificateVerifier
{
    public static string? Verify(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> intermediates,
        TrustedRoot root,
        IReadOnlyList<DateTimeOffset> times,
        IReadOnlyList<KeylessIdentity> trusted,
        out CertificateIdentity identity,
        out string? signer)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(times);
        identity = CertificateIdentity.Of(leaf);
        signer = null;
        if (times.Count == 0)
            return "no verified signing time (Rekor integrated time or RFC 3161 timestamp) to check the certificate at";
        if (root.CertificateAuthorities.Count == 0)
            return "the trusted root has no certificate authorities";
        foreach (var time in times)
        {
            var error = ChainsAt(leaf, intermediates, root, time);
            if (error is not null)
                return error;
        }

        signer = IdentityPolicy.Match(identity, trusted, out var reason);
        return signer is null ? reason : null;
    }

    private static string? ChainsAt(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, TrustedRoot root, DateTimeOffset time)
    {
        if (time < leaf.NotBefore.ToUniversalTime() || time > leaf.NotAfter.ToUniversalTime())
            return $"the signing certificate is not valid at the signing time {time:O} (valid {leaf.NotBefore.ToUniversalTime():O} to {leaf.NotAfter.ToUniversalTime():O})";
        string? chainError = null;
        var anyValid = false;
        foreach (var authority in root.CertificateAuthorities)
        {
            if (!authority.ValidFor.Contains(time))
                continue;
            anyValid = true;

            var result = CertificateChainVerifier.Verify(
                leaf, [.. intermediates, .. authority.AllButRoot], [authority.Root], time, CertificateChainVerifier.CodeSigningUsage);
            if (result.IsValid)
                return null;
            // With several CAs, the one the leaf belongs to says most (expired, wrong usage); "untrusted" is the fallback.
            if (chainError is null || !result.Error!.Contains("does not chain", StringComparison.Ordinal))
                chainError = "certificate chain: " + result.Error;
        }

        return anyValid
            ? chainError ?? "certificate chain: the certificate does not chain to a trusted root"
            : $"no certificate authority of the trusted root is valid (validFor) at the signing time {time:O}";
    }
}
