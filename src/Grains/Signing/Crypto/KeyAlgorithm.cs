namespace ArtifactKeeper.Signing.Crypto;

/// <summary>The public-key algorithms signers use: ECDSA on the NIST curves, RSA, and Ed25519.</summary>
public enum KeyAlgorithm
{
    EcdsaP256,
    EcdsaP384,
    EcdsaP521,
    Rsa,
    Ed25519,
}

/// <summary>
/// How an ECDSA signature is encoded: cosign and X.509 write ASN.1 DER (<c>SEQUENCE { r, s }</c>); JWS and COSE
/// write the fixed-width concatenation of r and s (IEEE P1363).
/// </summary>
public enum EcdsaEncoding
{
    Der,
    IeeeP1363,
}

/// <summary>RSA signature padding: PKCS#1 v1.5 (cosign, X.509) or PSS (Notation's PS256/PS384/PS512).</summary>
public enum RsaPadding
{
    Pkcs1,
    Pss,
}
