using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// A Notation signature envelope (JWS or COSE) whose integrity held: its signature verifies with the leaf key
/// over the protected header and payload, its critical headers are all understood and its payload is a
/// <c>targetArtifact</c> descriptor. What the signer claims is here; whether to trust it is the verifier's call.
/// </summary>
public sealed record NotationEnvelope(
    string Algorithm,
    string SigningScheme,
    DateTimeOffset? SigningTime,
    DateTimeOffset? AuthenticSigningTime,
    DateTimeOffset? Expiry,
    NotationTargetArtifact Target,
    IReadOnlyList<X509Certificate2> CertificateChain,
    ReadOnlyMemory<byte> Signature,
    ReadOnlyMemory<byte>? TimestampToken)
{
    public X509Certificate2 Leaf => CertificateChain[0];

    /// <summary>The time the signer claims: the authentic signing time for the signing-authority scheme, else the signing time.</summary>
    public DateTimeOffset? ClaimedSigningTime => AuthenticSigningTime ?? SigningTime;
}

/// <summary>The descriptor a Notation payload signs: the artifact's media type, digest and size.</summary>
public sealed record NotationTargetArtifact(string MediaType, string Digest, long Size);

/// <summary>What reading an envelope gave: the envelope when its integrity holds, else why not.</summary>
public sealed record NotationEnvelopeResult(NotationEnvelope? Envelope, string? Error)
{
    public static NotationEnvelopeResult Fail(string error) => new(null, error);
}
