namespace ArtifactKeeper.Signing;

/// <summary>The two signature families a registry verifies; their names are the API's <c>type</c> values.</summary>
public enum SignatureKind
{
    Cosign,
    Notation,
}

/// <summary>
/// One keyless signer a project trusts: the OIDC issuer and the certificate identity (SAN email or URI), exact
/// or as a regular expression. A null field places no constraint, but at least one identity field must be set.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KeylessIdentity(string? Issuer, string? Identity, string? IdentityRegexp);

/// <summary>
/// What cosign signatures a project trusts: public keys (PEM), keyless identities, and the Sigstore trusted root
/// (the TUF <c>trusted_root.json</c> document, kept as sent) that keyless signatures chain to.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CosignTrust(
    bool Enabled,
    IReadOnlyList<string> PublicKeys,
    IReadOnlyList<KeylessIdentity> Keyless,
    string? TrustedRootJson)
{
    public static readonly CosignTrust None = new(false, [], [], null);
}

/// <summary>
/// What Notation signatures a project trusts: trust-store certificates (PEM) and Notation's trust policy
/// document (its <c>trustPolicies</c> JSON, kept as sent).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NotationTrust(bool Enabled, IReadOnlyList<string> TrustStore, string? TrustPolicyJson)
{
    public static readonly NotationTrust None = new(false, [], null);
}

/// <summary>
/// A project's trust material. <see cref="Version"/> grows with every change, so verdicts cached per
/// (digest, version) go stale by themselves.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ContentTrustPolicy(CosignTrust Cosign, NotationTrust Notation, long Version)
{
    public static readonly ContentTrustPolicy None = new(CosignTrust.None, NotationTrust.None, 0);
}

/// <summary>
/// The verdict on one signature under a policy: whether it verified, who signed (certificate identity or key
/// fingerprint), the OIDC issuer for keyless signatures, and a reason a user can act on when it did not.
/// <see cref="Digest"/> is the digest of the signature artifact (manifest) that carried it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SignatureVerdict(
    SignatureKind Kind,
    string Digest,
    bool Verified,
    string? Signer,
    string? Issuer,
    string Reason);
