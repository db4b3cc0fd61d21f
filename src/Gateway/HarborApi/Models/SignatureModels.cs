using System.Text.Json.Serialization;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>One signature of an artifact and its verdict under the project's current policy.</summary>
public sealed record SignatureModel(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("verified")] bool Verified,
    [property: JsonPropertyName("signer")] string? Signer,
    [property: JsonPropertyName("issuer")] string? Issuer,
    [property: JsonPropertyName("reason")] string Reason)
{
    public static SignatureModel From(SignatureVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new(SignatureJudge.Name(verdict.Kind), verdict.Digest, verdict.Verified, verdict.Signer, verdict.Issuer, verdict.Reason);
    }
}
