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
}
