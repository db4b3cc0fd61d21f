using System.Text.Json.Serialization;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Oci;

/// <summary>end-12a/12b: the referrers API, always an image index, optionally filtered by artifactType.</summary>
public static class OciReferrerHandlers
{
    public static async Task<IResult> ListAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OciGrammar.IsValidDigest(request.Reference))
        {
            return new OciErrorResult(RegistryError.DigestInvalid, $"'{request.Reference}' is not a valid sha256 digest");
        }

        var artifactType = request.Query("artifactType");
        if (string.IsNullOrEmpty(artifactType))
        {
            artifactType = null;
        }

        var referrers = await request.Repository.GetReferrersAsync(request.Reference, artifactType);
        if (artifactType is not null)
        {
            request.Http.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        var index = new ReferrersIndex(
            2,
            ManifestMediaTypes.OciIndex,
            referrers.Select(r => new Descriptor(r.MediaType, r.Digest, r.Size, r.ArtifactType ?? string.Empty, r.Annotations)).ToList());
        return Results.Json(index, contentType: ManifestMediaTypes.OciIndex);
    }

    private sealed record ReferrersIndex(
        [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
        [property: JsonPropertyName("mediaType")] string MediaType,
        [property: JsonPropertyName("manifests")] IReadOnlyList<Descriptor> Manifests);

    private sealed record Descriptor(
        [property: JsonPropertyName("mediaType")] string MediaType,
        [property: JsonPropertyName("digest")] string Digest,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("artifactType")] string ArtifactType,
        [property: JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Annotations);
}
