using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Crypto;

/// <summary>The outcome of a chain check: the chain from leaf to trusted root when valid, else what broke.</summary>
public sealed record CertificateChainResult(bool IsValid, IReadOnlyList<X509Certificate2> Chain, string? Error)
{
    public static CertificateChainResult Invalid(string error) => new(false, [], error);
}

/// <summary>
/// Builds and checks X.509 chains against a private set of roots (never the machine's store), offline (no
/// revocation, no certificate downloads), with every certificate valid at a given time — the signing time a
/// transparency log or timestamp vouches for, not the time of the check.
/// </summary>
public static class CertificateChainVerifier
{
    /// <summary>Extended key usage OIDs the signers require.</summary>
    public const string CodeSigningUsage = "1.3.6.1.5.5.7.3.3", TimeStampingUsage = "1.3.6.1.5.5.7.3.8";

    /// <summary>
    /// Checks that <paramref name="leaf"/> chains through <paramref name="intermediates"/> to one of
    /// <paramref name="roots"/>, with all certificates valid at <paramref name="at"/> and, when given, the leaf
    /// allowed <paramref name="requiredUsage"/> (an EKU OID).
    /// </summary>
    public static CertificateChainResult Verify(
        X509Certificate2 leaf,
        IEnumerable<X509Certificate2> intermediates,
        IEnumerable<X509Certificate2> roots,
        DateTimeOffset at,
        string? requiredUsage = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(intermediates);
        ArgumentNullException.ThrowIfNull(roots);
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        foreach (var root in roots)
            policy.CustomTrustStore.Add(root);
        if (policy.CustomTrustStore.Count == 0)
            return CertificateChainResult.Invalid("no trusted root certificates are configured");
        foreach (var intermediate in intermediates)
            policy.ExtraStore.Add(intermediate);
        if (requiredUsage is not null)
            policy.ApplicationPolicy.Add(new Oid(requiredUsage));

        if (chain.Build(leaf))
            return new CertificateChainResult(true, [.. chain.ChainElements.Select(e => e.Certificate)], null);
        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => Describe(s.Status))
            .Distinct(StringComparer.Ordinal);
        return CertificateChainResult.Invalid(string.Join("; ", problems) is { Length: > 0 } text ? text : "certificate chain does not verify");
    }

    private static string Describe(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.NotTimeValid => "a certificate in the chain is not valid at the signing time",
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "the certificate does not chain to a trusted root",
        X509ChainStatusFlags.NotValidForUsage => "the certificate is not valid for the required key usage",
        X509ChainStatusFlags.NotSignatureValid => "a certificate signature in the chain is invalid",
        _ => "certificate chain error: " + status,
    };
}
