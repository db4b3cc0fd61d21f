namespace ArtifactKeeper.Signing;

/// <summary>
/// A signature artifact as the registry stores it: the manifest that carries it (a cosign <c>.sig</c> manifest,
/// a Sigstore bundle referrer or a Notation signature referrer) and the bytes of its layers, by digest. Layers
/// are small (envelopes, payloads, bundles); the gatherer refuses large ones before they get here.
/// </summary>
public sealed record SignatureArtifact(
    SignatureKind Kind,
    string Digest,
    string? ArtifactType,
    ReadOnlyMemory<byte> Manifest,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Layers);

/// <summary>The artifact a signature claims to sign: its repository (<c>project/name</c>) and manifest digest.</summary>
public sealed record SignedSubject(string Repository, string Digest);

/// <summary>
/// Verifies the signatures of one family. Pure and offline: all trust material comes from the policy, and
/// <paramref name="now"/> is the time certificates without a trusted timestamp are checked at.
/// </summary>
public interface ISignatureVerifier
{
    SignatureKind Kind { get; }

    /// <summary>One verdict per signature the artifact carries (a cosign <c>.sig</c> manifest may carry several).</summary>
    IReadOnlyList<SignatureVerdict> Verify(SignatureArtifact signature, SignedSubject subject, ContentTrustPolicy policy, DateTimeOffset now);
}
