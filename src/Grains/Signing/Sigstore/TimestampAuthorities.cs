using System.Formats.Asn1;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Verifies an RFC 3161 token against the trusted root's timestamp authorities: the token must cover the signed
/// bytes, chain to one authority's root, and stamp a time inside that authority's <c>validFor</c>.
/// </summary>
public static class TimestampAuthorities
{
    public static TimestampResult Verify(TrustedRoot root, ReadOnlyMemory<byte> token, ReadOnlySpan<byte> signed)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.TimestampAuthorities.Count == 0)
            return TimestampResult.Invalid("the trusted root has no timestamp authorities");
        token = TokenOf(token);
        TimestampResult? last = null;
        foreach (var authority in root.TimestampAuthorities)
        {
            var result = TimestampTokenVerifier.Verify(token, signed, [authority.Root], authority.AllButRoot);
            if (result.IsValid && !authority.ValidFor.Contains(result.Time))
                result = TimestampResult.Invalid($"the timestamp {result.Time:O} is outside its authority's validFor ({authority.ValidFor})");
            if (result.IsValid)
                return result;
            last = result;
        }

        return last!;
    }

    /// <summary>
    /// Bundles store the TSA's whole <c>TimeStampResp</c> (<c>SEQUENCE { PKIStatusInfo, TimeStampToken }</c>);
    /// the token is its second element. A bare token (a CMS <c>ContentInfo</c>, starting with an OID) is kept.
    /// </summary>
    public static ReadOnlyMemory<byte> TokenOf(ReadOnlyMemory<byte> der)
    {
        try
        {
            var sequence = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            if (!sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                return der;
            var status = sequence.ReadSequence();
            if (status.ReadInteger() > 1) // granted (0) or grantedWithMods (1)
                return ReadOnlyMemory<byte>.Empty;
            return sequence.HasData ? sequence.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        }
        catch (AsnContentException)
        {
            return der;
        }
    }
}
