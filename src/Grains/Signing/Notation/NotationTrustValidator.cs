namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// Checks a project's Notation trust settings before they are stored: every trust-store entry is a PEM
/// certificate and the trust policy, when given, is a valid Notation trust policy document (v1.0). For the API
/// layer: a non-null answer is the message of a 400.
/// </summary>
public static class NotationTrustValidator
{
    public static string? Validate(NotationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (trust.TrustStore is null)
            return "notation.trust_store must be a list of PEM certificates";
        if (NotationTrustStore.TryLoad(trust.TrustStore, out var storeError) is null)
            return "notation.trust_store: " + storeError;
        if (trust.TrustPolicyJson is not null && NotationTrustPolicyParser.TryParse(trust.TrustPolicyJson, out var policyError) is null)
            return "notation.trust_policy: " + policyError;
        if (trust.Enabled && trust.TrustStore.Count == 0 && UsesTrustStore(trust.TrustPolicyJson))
            return "notation.trust_store is empty, so no Notation signature can verify; add the signers' root certificates";
        return null;
    }

    private static bool UsesTrustStore(string? policyJson) =>
        policyJson is null
        || NotationTrustPolicyParser.TryParse(policyJson, out _)?.Statements.Any(s => s.Level != NotationVerificationLevel.Skip) == true;
}
