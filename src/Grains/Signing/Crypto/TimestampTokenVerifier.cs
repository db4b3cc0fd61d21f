using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Crypto;

/// <summary>An RFC 3161 timestamp's verdict: the time it vouches for and the TSA certificate that signed it.</summary>
public sealed record TimestampResult(bool IsValid, DateTimeOffset Time, X509Certificate2? Signer, string? Error)
{
    public static TimestampResult Invalid(string error) => new(false, default, null, error);
}

/// <summary>
/// Verifies RFC 3161 timestamp tokens: the message imprint covers the signed bytes, the CMS signature holds, and
/// the TSA certificate chains to a trusted TSA root with time-stamping usage, valid at the time it stamped.
/// </summary>
public static class TimestampTokenVerifier
{
    public static TimestampResult Verify(
        ReadOnlyMemory<byte> token,
        ReadOnlySpan<byte> signedData,
        IReadOnlyCollection<X509Certificate2> roots,
        IReadOnlyCollection<X509Certificate2> intermediates)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(intermediates);
        Rfc3161TimestampToken parsed;
        try
        {
            if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out var read) || read != token.Length)
                return TimestampResult.Invalid("the timestamp is not a well-formed RFC 3161 token");
            parsed = decoded;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return TimestampResult.Invalid("the timestamp is not a well-formed RFC 3161 token: " + e.Message);
        }

        var candidates = new X509Certificate2Collection();
        foreach (var certificate in intermediates.Concat(roots))
            candidates.Add(certificate);
        if (!parsed.VerifySignatureForData(signedData, out var signer, candidates) || signer is null)
            return TimestampResult.Invalid("the timestamp does not cover the signature or its signature does not verify");

        // A TSA ships its intermediates inside the token; they help build the chain but trust only comes from roots.
        var time = parsed.TokenInfo.Timestamp;
        var embedded = parsed.AsSignedCms().Certificates.Cast<X509Certificate2>();
        var chain = CertificateChainVerifier.Verify(signer, intermediates.Concat(embedded), roots, time, CertificateChainVerifier.TimeStampingUsage);
        return chain.IsValid
            ? new TimestampResult(true, time, signer, null)
            : TimestampResult.Invalid("timestamp authority: " + chain.Error);
    }
}
