using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Bench;

/// <summary>The few OCI distribution calls the bench makes; every unexpected status throws.</summary>
internal sealed class RegistryApi(HttpClient http)
{
    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigType = "application/vnd.oci.image.config.v1+json";
    public const string LayerType = "application/vnd.oci.image.layer.v1.tar";

    public static string DigestOf(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>POST then PUT ?digest= with the whole body.</summary>
    public async Task PushMonolithicAsync(string repository, ReadOnlyMemory<byte> content, string digest, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(repository, cancellationToken);
        using var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PutAsync(WithDigest(location, digest), body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
    }

    /// <summary>POST then PUT ?digest= streaming <paramref name="content"/> (a big layer from a file, never whole in memory).</summary>
    public async Task PushStreamAsync(string repository, Stream content, string digest, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(repository, cancellationToken);
        using var body = new StreamContent(content, 1024 * 1024);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = content.Length;
        using var response = await http.PutAsync(WithDigest(location, digest), body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
    }

    /// <summary>POST, PATCH in <paramref name="chunkSize"/> pieces, then PUT ?digest= with no body.</summary>
    public async Task PushChunkedAsync(string repository, ReadOnlyMemory<byte> content, string digest, int chunkSize, CancellationToken cancellationToken)
    {
        var location = await StartUploadAsync(repository, cancellationToken);
        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, content.Length - offset);
            using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ReadOnlyMemoryContent(content.Slice(offset, length)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Content.Headers.TryAddWithoutValidation("Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + length - 1}"));
            using var response = await http.SendAsync(request, cancellationToken);
            await ExpectAsync(response, HttpStatusCode.Accepted, cancellationToken);
            location = LocationOf(response);
        }

        using var close = new ByteArrayContent([]);
        using var closed = await http.PutAsync(WithDigest(location, digest), close, cancellationToken);
        await ExpectAsync(closed, HttpStatusCode.Created, cancellationToken);
    }

    public async Task PutManifestAsync(string repository, string reference, byte[] manifest, CancellationToken cancellationToken)
    {
        using var body = new ByteArrayContent(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        using var response = await http.PutAsync(new Uri($"v2/{repository}/manifests/{reference}", UriKind.Relative), body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
    }

    /// <summary>Pushes a config blob and the given layers, then the manifest under <paramref name="tag"/>; returns the manifest.</summary>
    public async Task<byte[]> PushImageAsync(string repository, string tag, IReadOnlyList<(string Digest, long Size)> layers, CancellationToken cancellationToken)
    {
        var config = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"architecture":"amd64","os":"linux","nonce":"{{{Guid.NewGuid():N}}}","rootfs":{"type":"layers","diff_ids":[]}}"""));
        var configDigest = DigestOf(config);
        await PushMonolithicAsync(repository, config, configDigest, cancellationToken);
        var manifest = Manifest(configDigest, config.Length, layers);
        await PutManifestAsync(repository, tag, manifest, cancellationToken);
        return manifest;
    }

    public static byte[] Manifest(string configDigest, long configSize, IReadOnlyList<(string Digest, long Size)> layers)
    {
        var layerJson = string.Join(',', layers.Select(l => string.Create(CultureInfo.InvariantCulture,
            $$"""{"mediaType":"{{LayerType}}","digest":"{{l.Digest}}","size":{{l.Size}}}""")));
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"schemaVersion":2,"mediaType":"{{{ManifestType}}}","config":{"mediaType":"{{{ConfigType}}}","digest":"{{{configDigest}}}","size":{{{configSize}}}},"layers":[{{{layerJson}}}]}"""));
    }

    private async Task<Uri> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), null, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Accepted, cancellationToken);
        return LocationOf(response);
    }

    private Uri LocationOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException("No Location from " + response.RequestMessage?.RequestUri);
        return location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
    }

    private static Uri WithDigest(Uri location, string digest) =>
        new(location + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(digest));

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} -> {(int)response.StatusCode}, expected {(int)expected}: {body}"));
        }
    }
}
