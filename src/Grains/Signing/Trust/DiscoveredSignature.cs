namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// A signature artifact found for a subject: its bytes ready for a verifier, or the reason they could not be
/// gathered (<see cref="Problem"/>: a layer too large or missing), which becomes an unverified verdict.
/// </summary>
public sealed record DiscoveredSignature(SignatureKind Kind, string Digest, SignatureArtifact? Artifact, string? Problem);
