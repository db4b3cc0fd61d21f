namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Harbor's project metadata keys that switch content trust on: <c>enable_content_trust_cosign</c> requires a
/// verified cosign signature, <c>enable_content_trust</c> a verified Notation signature (both on: both required).
/// </summary>
public static class ContentTrustKeys
{
    public const string Cosign = "enable_content_trust_cosign", Notation = "enable_content_trust";

    /// <summary>Which families a project with <paramref name="metadata"/> requires on pull.</summary>
    public static (bool Cosign, bool Notation) Required(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return (IsOn(metadata, Cosign), IsOn(metadata, Notation));
    }

    private static bool IsOn(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && string.Equals(value, "true", StringComparison.Ordinal);
}
