namespace ArtifactKeeper.Retention.Oci;

/// <summary>
/// Tags that name another artifact by digest: cosign's <c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c> and <c>.sbom</c>, and
/// the OCI referrers fallback tag <c>sha256-&lt;hex&gt;</c>. Such a tag belongs to the artifact it names.
/// </summary>
public static class OciAccessoryTag
{
    private const string Prefix = "sha256-";
    private const int HexLength = 64;

    /// <summary>The subject digest and the relation in words, or null when <paramref name="tag"/> names no artifact.</summary>
    public static (string Subject, string Relation)? Parse(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!tag.StartsWith(Prefix, StringComparison.Ordinal) || tag.Length < Prefix.Length + HexLength)
        {
            return null;
        }

        var hex = tag.AsSpan(Prefix.Length, HexLength);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        string? relation = tag[(Prefix.Length + HexLength)..] switch
        {
            ".sig" => "signature of",
            ".att" => "attestation of",
            ".sbom" => "SBOM of",
            "" => "referrers index of",
            _ => null,
        };
        return relation is null ? null : ("sha256:" + hex.ToString(), relation);
    }
}
