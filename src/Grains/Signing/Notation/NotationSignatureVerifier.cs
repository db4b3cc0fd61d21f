using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// Verifies Notation signatures (Notary Project signature specification), offline. The order is Notation's:
/// the trust policy statement for the repository (skip ends here), the envelope's integrity (always enforced),
/// the signed target against the subject (always enforced), then authenticity, authentic timestamp and expiry,
/// each enforced, logged or skipped as the statement's level and overrides say. Revocation (OCSP/CRL) needs the
/// network and is not checked. The signer is the leaf's subject DN, the issuer its issuer DN.
/// </summary>
public sealed class NotationSignatureVerifier : ISignatureVerifier
{
    public SignatureKind Kind => SignatureKind.Notation;

    public IReadOnlyList<SignatureVerdict> Verify(SignatureArtifact signature, SignedSubject subject, ContentTrustPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(policy);
        try
        {
            return [VerifyOne(signature, subject, policy.Notation, now)];
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException or InvalidOperationException)
        {
            // Every reader answers with a reason; this only keeps a hostile input the readers did not foresee from escaping as a fault.
            return [Verdict(signature, false, "the signature could not be processed: " + e.Message, null)];
        }
    }

    private static SignatureVerdict VerifyOne(SignatureArtifact signature, SignedSubject subject, NotationTrust trust, DateTimeOffset now)
    {
        SignatureVerdict Refuse(string reason, X509Certificate2? leaf = null) => Verdict(signature, false, reason, leaf);

        string? policyError = null;
        var document = trust.TrustPolicyJson is null
            ? NotationTrustPolicyDocument.Default
            : NotationTrustPolicyParser.TryParse(trust.TrustPolicyJson, out policyError);
        if (document is null)
            return Refuse("the project's Notation trust policy is invalid: " + policyError);
        if (document.Select(subject.Repository) is not { } statement)
            return Refuse($"no Notation trust policy statement applies to repository '{subject.Repository}': add it (or '*') to a statement's registryScopes");
        if (statement.Level == NotationVerificationLevel.Skip)
            return Refuse($"verification skipped by trust policy '{statement.Name}'");

        if (NotationSignatureManifest.TryRead(signature.Manifest, out var manifestError) is not { } manifest)
            return Refuse("not a Notation signature: " + manifestError);
        if (!signature.Layers.TryGetValue(manifest.EnvelopeDigest, out var envelopeBytes))
            return Refuse($"the signature envelope {manifest.EnvelopeDigest} could not be read");
        var read = NotationEnvelopeReader.Read(manifest.EnvelopeMediaType, envelopeBytes);
        if (read.Envelope is not { } envelope)
            return Refuse("integrity: " + read.Error);
        if (TargetProblem(envelope.Target, manifest.Subject, subject) is { } targetProblem)
            return Refuse(targetProblem, envelope.Leaf);

        if (NotationTrustStore.TryLoad(trust.TrustStore, out var storeError) is not { } store)
            return Refuse("the project's Notation trust store is invalid: " + storeError, envelope.Leaf);

        var results = new (NotationCheck Check, string? Error)[]
        {
            (NotationCheck.Authenticity, statement.ActionFor(NotationCheck.Authenticity) == NotationAction.Skip ? null : NotationChecks.Authenticity(envelope, statement, store)),
            (NotationCheck.AuthenticTimestamp, statement.ActionFor(NotationCheck.AuthenticTimestamp) == NotationAction.Skip ? null : NotationChecks.AuthenticTimestamp(envelope, statement, store, now)),
            (NotationCheck.Expiry, statement.ActionFor(NotationCheck.Expiry) == NotationAction.Skip ? null : NotationChecks.Expiry(envelope, now)),
        };
        var failed = results.Where(r => r.Error is not null).ToList();
        var where = $"trust policy '{statement.Name}', level {statement.Level.ToString().ToLowerInvariant()}";
        if (failed.FirstOrDefault(r => statement.ActionFor(r.Check) == NotationAction.Enforce) is { Error: { } enforced } refusal)
            return Refuse($"{Describe(refusal.Check)}: {enforced} ({where})", envelope.Leaf);
        var logged = failed.Where(r => statement.ActionFor(r.Check) == NotationAction.Log).Select(r => $"{Describe(r.Check)}: {r.Error}").ToList();
        return Verdict(
            signature,
            true,
            logged.Count == 0 ? $"verified by {where}" : $"verified by {where}, with failures only logged: {string.Join("; ", logged)}",
            envelope.Leaf);
    }

    private static string? TargetProblem(NotationTargetArtifact target, NotationTargetArtifact? manifestSubject, SignedSubject subject)
    {
        if (!string.Equals(target.Digest, subject.Digest, StringComparison.Ordinal))
            return $"the signature is for {target.Digest}, not for this artifact {subject.Digest}";
        if (manifestSubject is null)
            return null;
        if (target.Size != manifestSubject.Size)
            return $"the signed size {target.Size} differs from the artifact's size {manifestSubject.Size}";
        return manifestSubject.MediaType.Length > 0 && !string.Equals(target.MediaType, manifestSubject.MediaType, StringComparison.Ordinal)
            ? $"the signed media type '{target.MediaType}' differs from the artifact's '{manifestSubject.MediaType}'"
            : null;
    }

    private static string Describe(NotationCheck check) => check switch
    {
        NotationCheck.AuthenticTimestamp => "authentic timestamp",
        _ => check.ToString().ToLowerInvariant(),
    };

    private static SignatureVerdict Verdict(SignatureArtifact signature, bool verified, string reason, X509Certificate2? leaf) => new(
        SignatureKind.Notation,
        signature.Digest,
        verified,
        leaf is null ? null : DistinguishedName.FromX500(leaf.SubjectName).ToString(),
        leaf is null ? null : DistinguishedName.FromX500(leaf.IssuerName).ToString(),
        reason);
}
