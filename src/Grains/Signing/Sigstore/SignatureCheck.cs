namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>The outcome for one signature, before it is stamped with the kind and the carrier's digest.</summary>
public sealed record SignatureCheck(bool Verified, string? Signer, string? Issuer, string Reason)
{
    public static SignatureCheck Fail(string reason) => new(false, null, null, reason);
}
