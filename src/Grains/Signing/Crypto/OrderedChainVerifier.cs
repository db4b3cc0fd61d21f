using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Crypto;

/// <summary>
/// Checks a certificate chain that a signature carries in order (leaf first, as JWS <c>x5c</c> and COSE
/// <c>x5chain</c> do) against a set of trusted certificates. Each link is proven by the issuer's signature and
/// its name, never by names alone, so a leaf and root that share a subject DN cannot loop or be confused
/// (MANIFEST item 9). The chain is trusted when one of its certificates is a trusted certificate, or when its
/// last certificate is signed by one (which is then appended). Validity periods are not checked here: callers
/// check them at the time they can vouch for (a timestamp, an authentic signing time or now).
/// </summary>
public static class OrderedChainVerifier
{
    public static CertificateChainResult Verify(IReadOnlyList<X509Certificate2> chain, IReadOnlyCollection<X509Certificate2> trusted)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(trusted);
        if (chain.Count == 0)
            return CertificateChainResult.Invalid("the signature carries no certificate");
        if (trusted.Count == 0)
            return CertificateChainResult.Invalid("no trusted certificates are configured");

        for (var i = 0; i + 1 < chain.Count; i++)
        {
            var (child, parent) = (chain[i], chain[i + 1]);
            if (!child.IssuerName.RawData.AsSpan().SequenceEqual(parent.SubjectName.RawData) || !CertificateSignature.IsSignedBy(child, parent))
                return CertificateChainResult.Invalid($"certificate {i + 1} of the chain ('{child.Subject}') is not signed by the next one ('{parent.Subject}')");
            if (!IsCertificateAuthority(parent))
                return CertificateChainResult.Invalid($"certificate '{parent.Subject}' issues another certificate but is not a CA");
        }

        var full = chain.ToList();
        var last = chain[^1];
        if (!CertificateSignature.IsSelfSigned(last))
        {
            var anchor = trusted.FirstOrDefault(t =>
                last.IssuerName.RawData.AsSpan().SequenceEqual(t.SubjectName.RawData) && IsCertificateAuthority(t) && CertificateSignature.IsSignedBy(last, t));
            if (anchor is null)
                return CertificateChainResult.Invalid($"the chain ends at '{last.Subject}', which is neither a root nor issued by a trusted certificate");
            full.Add(anchor);
        }
        else if (chain.Count > 1 && !IsCertificateAuthority(last))
        {
            return CertificateChainResult.Invalid($"the chain's root '{last.Subject}' is not a CA");
        }

        return full.Any(c => trusted.Any(t => t.RawData.AsSpan().SequenceEqual(c.RawData)))
            ? new CertificateChainResult(true, full, null)
            : CertificateChainResult.Invalid($"the certificate chain (root '{full[^1].Subject}') does not contain a trusted certificate");
    }

    private static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
}
