namespace ArtifactKeeper.Signing.Notation;

/// <summary>The media types and header names of the Notary Project signature specification.</summary>
public static class NotationMediaTypes
{
    /// <summary>The artifact type of a Notation signature manifest (older clients put it in the config media type).</summary>
    public const string Signature = "application/vnd.cncf.notary.signature";

    public const string JwsEnvelope = "application/jose+json", CoseEnvelope = "application/cose";

    /// <summary>The content type of the signed payload, a <c>targetArtifact</c> descriptor.</summary>
    public const string Payload = "application/vnd.cncf.notary.payload.v1+json";

    public const string SchemeX509 = "notary.x509", SchemeSigningAuthority = "notary.x509.signingAuthority";
}

/// <summary>Names of Notation's signed (protected) and unsigned attributes.</summary>
internal static class NotationHeaders
{
    public const string SigningScheme = "io.cncf.notary.signingScheme", SigningTime = "io.cncf.notary.signingTime",
        Expiry = "io.cncf.notary.expiry", AuthenticSigningTime = "io.cncf.notary.authenticSigningTime",
        VerificationPlugin = "io.cncf.notary.verificationPlugin",
        VerificationPluginMinVersion = "io.cncf.notary.verificationPluginMinVersion",
        SigningAgent = "io.cncf.notary.signingAgent", TimestampSignature = "io.cncf.notary.timestampSignature";
}
