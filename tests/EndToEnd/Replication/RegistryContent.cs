using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>Reads what a registry (this one or docker-registry) holds, to compare a replica with its source byte for byte.</summary>
public static class RegistryContent
{
    private static readonly string[] ManifestTypes =
    [
        OciMediaTypes.ImageManifest,
        OciMediaTypes.ImageIndex,
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    /// <summary>The manifest bytes under a tag or digest, or null when the registry answers 404.</summary>
    public static async Task<byte[]?> ManifestAsync(RegistryHttpClient http, string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v2/{repository}/manifests/{reference}", cancellationToken, ManifestTypes);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET manifest {repository}:{reference} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The digest of the manifest a tag names (computed from the bytes), or null when there is none.</summary>
    public static async Task<string?> ManifestDigestAsync(RegistryHttpClient http, string repository, string reference, CancellationToken cancellationToken)
    {
        var bytes = await ManifestAsync(http, repository, reference, cancellationToken);
        return bytes is null ? null : OciDescriptor.DigestOf(bytes);
    }

    /// <summary>The repository's tags, sorted; empty when the repository does not exist.</summary>
    public static async Task<IReadOnlyList<string>> TagsAsync(RegistryHttpClient http, string repository, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v2/{repository}/tags/list?n=1000", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tags = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["tags"]?.AsArray();
        return tags is null ? [] : tags.Select(t => (string)t!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The registry's catalog, sorted, first 1000 (docker-registry refuses a larger page with 400).</summary>
    public static async Task<IReadOnlyList<string>> CatalogAsync(RegistryHttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("v2/_catalog?n=1000", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var repositories = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["repositories"]?.AsArray();
        return repositories is null ? [] : repositories.Select(r => (string)r!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Asserts the blob is there and its bytes hash to its digest.</summary>
    public static async Task AssertBlobAsync(RegistryHttpClient http, string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v2/{repository}/blobs/{digest}", cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"blob {digest} missing in {repository}: {(int)response.StatusCode}");
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        Assert.Equal(digest, OciDescriptor.DigestOf(bytes));
    }

    /// <summary>Asserts <paramref name="tag"/> names exactly <paramref name="image"/>'s manifest and every blob of it is intact.</summary>
    public static async Task AssertImageAsync(RegistryHttpClient http, string repository, string tag, TestImage image, CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(http, repository, tag, cancellationToken);
        Assert.True(manifest is not null, $"{repository}:{tag} is missing");
        Assert.Equal(image.Manifest.Descriptor.Digest, OciDescriptor.DigestOf(manifest));
        foreach (var blob in image.Blobs)
        {
            await AssertBlobAsync(http, repository, blob.Descriptor.Digest, cancellationToken);
        }
    }

    /// <summary>Asserts the manifest with <paramref name="digest"/> is there with exactly <paramref name="expected"/> bytes.</summary>
    public static async Task AssertManifestAsync(RegistryHttpClient http, string repository, string digest, byte[] expected, CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(http, repository, digest, cancellationToken);
        Assert.True(manifest is not null, $"{repository}@{digest} is missing");
        Assert.Equal(expected, manifest);
    }

    /// <summary>Pushes <paramref name="image"/> under <paramref name="tag"/>.</summary>
    public static Task PushAsync(RegistryHttpClient http, string repository, string tag, TestImage image, CancellationToken cancellationToken) =>
        http.PushImageAsync(repository, tag, image, cancellationToken);

    /// <summary>Accept header values for every manifest type.</summary>
    public static IReadOnlyList<MediaTypeWithQualityHeaderValue> AcceptAll() =>
        [.. ManifestTypes.Select(t => new MediaTypeWithQualityHeaderValue(t))];
}
