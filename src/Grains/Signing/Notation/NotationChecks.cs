using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// The trust checks a policy statement acts on, each answering null when it holds or the reason it failed:
/// authenticity (the chain reaches the trust store, the leaf may sign code, the signer is a trusted identity),
/// authentic timestamp (the certificates were valid when the signature was made, proven by an RFC 3161
/// countersignature, by the signing authority's signed time, or else checked now) and expiry.
/// </summary>
internal static class NotationChecks
{
    /// <summary>How far a claimed signing time may lie ahead of the verifier's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static string? Authenticity(NotationEnvelope envelope, NotationTrustPolicyStatement statement, IReadOnlyList<X509Certificate2> trustStore)
    {
        var storeType = envelope.SigningScheme == NotationMediaTypes.SchemeX509 ? NotationTrustStoreName.Ca : NotationTrustStoreName.SigningAuthority;
        if (!statement.Names(storeType))
            return $"trust policy '{statement.Name}' names no '{storeType}' trust store, which the '{envelope.SigningScheme}' signing scheme needs";
        if (LeafProblem(envelope.Leaf) is { } leafProblem)
            return leafProblem;
        var chain = OrderedChainVerifier.Verify(envelope.CertificateChain, [.. trustStore]);
        if (!chain.IsValid)
            return "the signing certificate is not trusted: " + chain.Error;
        if (statement.TrustsAnyIdentity)
            return null;
        var signer = DistinguishedName.FromX500(envelope.Leaf.SubjectName);
        return statement.TrustedIdentities!.Any(identity => identity.IsSubsetOf(signer))
            ? null
            : $"signer '{signer}' is not a trusted identity of trust policy '{statement.Name}' (trusted: {string.Join("; ", statement.TrustedIdentities!)})";
    }

    public static string? AuthenticTimestamp(NotationEnvelope envelope, NotationTrustPolicyStatement statement, IReadOnlyList<X509Certificate2> trustStore, DateTimeOffset now)
    {
        if (envelope.ClaimedSigningTime is { } claimed && claimed > now + ClockSkew)
            return $"the signing time {claimed:O} is in the future";
        if (envelope.SigningScheme == NotationMediaTypes.SchemeSigningAuthority)
            return ValidityProblem(envelope.CertificateChain, envelope.AuthenticSigningTime!.Value, "at the authentic signing time");

        var verifyTimestamp = statement.Names(NotationTrustStoreName.Tsa)
            && (statement.VerifyTimestamp == NotationTimestampMode.Always || envelope.CertificateChain.Any(c => c.NotAfter < now.UtcDateTime));
        if (!verifyTimestamp)
        {
            var problem = ValidityProblem(envelope.CertificateChain, now, "now");
            return problem is null || envelope.TimestampToken is null || statement.Names(NotationTrustStoreName.Tsa)
                ? problem
                : problem + "; the signature has a timestamp, but trust policy '" + statement.Name + "' names no 'tsa' trust store to verify it";
        }

        if (envelope.TimestampToken is not { } token)
            return $"no timestamp countersignature was found in the signature, and trust policy '{statement.Name}' requires one (it names a 'tsa' trust store"
                + (statement.VerifyTimestamp == NotationTimestampMode.Always ? " with verifyTimestamp \"always\")" : " and the signing certificate has expired)");
        var timestamp = TimestampTokenVerifier.Verify(token, envelope.Signature.Span, [.. trustStore], []);
        if (!timestamp.IsValid)
            return "the timestamp countersignature does not verify: " + timestamp.Error;
        if (envelope.SigningTime is { } signed && timestamp.Time < signed - TimeSpan.FromSeconds(1))
            return $"the timestamp {timestamp.Time:O} is before the claimed signing time {signed:O}";
        return ValidityProblem(envelope.CertificateChain, timestamp.Time, "at the timestamp");
    }

    public static string? Expiry(NotationEnvelope envelope, DateTimeOffset now) =>
        envelope.Expiry is { } expiry && now >= expiry ? $"the signature expired at {expiry:O}" : null;

    private static string? ValidityProblem(IReadOnlyList<X509Certificate2> chain, DateTimeOffset at, string when)
    {
        foreach (var certificate in chain)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (at < notBefore)
                return $"certificate '{certificate.Subject}' is not yet valid {when} ({at:O}); it is valid from {notBefore:O}";
            if (at > notAfter)
                return $"certificate '{certificate.Subject}' has expired {when} ({at:O}); it was valid until {notAfter:O}";
        }

        return null;
    }

    private static string? LeafProblem(X509Certificate2 leaf)
    {
        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true } && !CertificateSignature.IsSelfSigned(leaf))
            return $"the signing certificate '{leaf.Subject}' is a CA certificate";
        if (leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            return $"the signing certificate '{leaf.Subject}' is not allowed digital signatures (key usage)";
        if (leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } extended
            && !extended.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == CertificateChainVerifier.CodeSigningUsage))
            return $"the signing certificate '{leaf.Subject}' is not allowed code signing (extended key usage)";
        return null;
    }
}
