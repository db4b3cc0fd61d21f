namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Turns discovered signatures into verdicts under a policy: each goes to the registered verifier of its family,
/// unless the policy does not trust that family, no verifier is installed for it, or its bytes could not be read.
/// </summary>
public sealed class SignatureJudge(IEnumerable<ISignatureVerifier> verifiers)
{
    public const string NoPolicy = "no trust policy configured";

    private readonly Dictionary<SignatureKind, ISignatureVerifier> _verifiers =
        verifiers.GroupBy(v => v.Kind).ToDictionary(g => g.Key, g => g.First());

    public IReadOnlyList<SignatureVerdict> Judge(
        IReadOnlyList<DiscoveredSignature> found, SignedSubject subject, ContentTrustPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(policy);
        var verdicts = new List<SignatureVerdict>();
        foreach (var signature in found)
        {
            if (signature.Artifact is null)
            {
                verdicts.Add(Unverified(signature, signature.Problem ?? "the signature could not be read"));
            }
            else if (!Trusts(policy, signature.Kind))
            {
                verdicts.Add(Unverified(signature, policy.Version == 0
                    ? NoPolicy
                    : $"the project's trust policy does not enable {Name(signature.Kind)} signatures"));
            }
            else if (!_verifiers.TryGetValue(signature.Kind, out var verifier))
            {
                verdicts.Add(Unverified(signature, $"no verifier for {Name(signature.Kind)} signatures is installed"));
            }
            else
            {
                verdicts.AddRange(Verify(verifier, signature, subject, policy, now));
            }
        }

        return verdicts;
    }

    /// <summary>A verifier's verdicts; malformed content it throws on is an unverified signature, never a failed pull.</summary>
    private static IReadOnlyList<SignatureVerdict> Verify(
        ISignatureVerifier verifier, DiscoveredSignature signature, SignedSubject subject, ContentTrustPolicy policy, DateTimeOffset now)
    {
        try
        {
            var judged = verifier.Verify(signature.Artifact!, subject, policy, now);
            return judged.Count > 0 ? judged : [Unverified(signature, "the artifact carries no signature")];
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or System.Text.Json.JsonException
            or ArgumentException or InvalidOperationException)
        {
            return [Unverified(signature, $"the signature is malformed: {e.Message}")];
        }
    }

    /// <summary>The API's name of a family: <c>cosign</c> or <c>notation</c>.</summary>
    public static string Name(SignatureKind kind) => kind == SignatureKind.Cosign ? "cosign" : "notation";

    private static bool Trusts(ContentTrustPolicy policy, SignatureKind kind) =>
        kind == SignatureKind.Cosign ? policy.Cosign.Enabled : policy.Notation.Enabled;

    private static SignatureVerdict Unverified(DiscoveredSignature signature, string reason) =>
        new(signature.Kind, signature.Digest, false, null, null, reason);
}
