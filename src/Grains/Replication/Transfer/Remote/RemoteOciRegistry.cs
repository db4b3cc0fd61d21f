using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ArtifactKeeper.Registry.Http;
using ArtifactKeeper.Replication.Transfer.Remote.Types;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// A remote registry over the distribution API (OCI distribution spec): repositories, tags, manifests (every byte
/// checked against its digest), blobs streamed both ways (monolithic or chunked uploads, cross-repository mounts),
/// referrers, deletes. Authentication and the type's own rules (names, listing, project creation) come from the
/// <see cref="RemoteSession"/>.
/// </summary>
public sealed class RemoteOciRegistry(RemoteSession session, RegistryTypeRules rules) : IRemoteRegistry
{
    private const string OctetStream = "application/octet-stream";
    private RegistryConnection Connection => session.Connection;

    public RegistryEndpoint Endpoint => session.Endpoint;

    public async Task<RegistryHealth> PingAsync(CancellationToken cancellationToken)
    {
        const string operation = "GET /v2/";
        try
        {
            using var response = await Connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Connection.V2(string.Empty)), [], operation, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => RegistryHealth.Ok,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RegistryHealth(false, "the registry refused the credential"),
                HttpStatusCode.NotFound => new RegistryHealth(false, "no registry API at this URL (GET /v2/ answered 404)"),
                _ => new RegistryHealth(false, (await Connection.FailureAsync(response, operation, cancellationToken)).Message),
            };
        }
        catch (OciRegistryException e)
        {
            return new RegistryHealth(false, e.Message);
        }
    }

    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        rules.ListRepositoriesAsync(session, RepositoryListingHint.None, cancellationToken);

    public IAsyncEnumerable<string> ListRepositoriesAsync(RepositoryListingHint hint, CancellationToken cancellationToken) =>
        rules.ListRepositoriesAsync(session, hint ?? RepositoryListingHint.None, cancellationToken);

    public async IAsyncEnumerable<string> ListTagsAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"GET /v2/{name}/tags/list";
        Uri? page = Connection.V2($"{name}/tags/list?n={Connection.Options.PageSize}");
        while (page is not null)
        {
            var current = page;
            using var response = await Connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, current), rules.TagListScopes(name), operation, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await Connection.FailureAsync(response, operation, cancellationToken);
            }

            var body = await OciJson.ReadAsync(response, OciJson.Default.TagListPage, operation, cancellationToken);
            foreach (var tag in body?.Tags ?? [])
            {
                yield return tag;
            }

            page = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links, current) : null;
        }
    }

    public async Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"GET /v2/{name}/manifests/{reference}";
        using var response = await Connection.SendAsync(() => ManifestRequest(HttpMethod.Get, name, reference), Pull(name), operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }

        if (response.Content.Headers.ContentLength > ManifestAccept.MaxManifestBytes)
        {
            throw new OciRegistryException($"{operation}: the manifest is larger than {ManifestAccept.MaxManifestBytes} bytes", response.StatusCode, transient: false);
        }

        byte[] bytes;
        try
        {
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }

        if (bytes.Length > ManifestAccept.MaxManifestBytes)
        {
            throw new OciRegistryException($"{operation}: the manifest is larger than {ManifestAccept.MaxManifestBytes} bytes", response.StatusCode, transient: false);
        }

        var digest = ManifestDigest(reference, response, bytes, operation);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeOf(bytes) ?? ManifestAccept.OciManifest;
        return new OciManifest(mediaType, digest, bytes);
    }

    public async Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"HEAD /v2/{name}/manifests/{reference}";
        using var response = await Connection.SendAsync(() => ManifestRequest(HttpMethod.Head, name, reference), Pull(name), operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }

        var digest = Header(response, "Docker-Content-Digest") ?? (IsDigest(reference) ? reference : null);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (digest is null || mediaType is null || response.Content.Headers.ContentLength is not { } size)
        {
            // A HEAD that does not say what the tag points to: the bytes will.
            return (await GetManifestAsync(repository, reference, cancellationToken))?.Descriptor;
        }

        return new OciDescriptor(mediaType, digest, size);
    }

    public async Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"GET /v2/{name}/blobs/{digest}";
        var response = await Connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Connection.V2($"{name}/blobs/{digest}")), Pull(name), operation, cancellationToken, followRedirects: true);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await Connection.FailureAsync(response, operation, cancellationToken);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var verified = new DigestVerifyingStream(
                body, digest, response, message => new OciRegistryException($"{operation}: {message}", response.StatusCode, transient: false));
            return new OciBlobContent(verified, response.Content.Headers.ContentLength ?? -1);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<OciBlobPart?> OpenBlobRangeAsync(string repository, string digest, string range, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"GET /v2/{name}/blobs/{digest} ({range})";
        var response = await Connection.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, Connection.V2($"{name}/blobs/{digest}"));
                request.Headers.TryAddWithoutValidation("Range", range);
                return request;
            },
            Pull(name),
            operation,
            cancellationToken,
            followRedirects: true);
        if (response.StatusCode != HttpStatusCode.PartialContent ||
            response.Content.Headers.ContentRange?.ToString() is not { Length: > 0 } contentRange ||
            response.Content.Headers.ContentLength is not { } length)
        {
            response.Dispose();
            return null;
        }

        try
        {
            return new OciBlobPart(await response.Content.ReadAsStreamAsync(cancellationToken), contentRange, length, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"HEAD /v2/{name}/blobs/{digest}";
        using var response = await Connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Head, Connection.V2($"{name}/blobs/{digest}")), Pull(name), operation, cancellationToken, followRedirects: true);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => false,
            _ when response.IsSuccessStatusCode => true,
            _ => throw await Connection.FailureAsync(response, operation, cancellationToken),
        };
    }

    public async Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var from = rules.RemoteName(fromRepository);
        var operation = $"POST /v2/{name}/blobs/uploads/?mount";
        var scopes = new[] { $"repository:{name}:pull,push", $"repository:{from}:pull" };
        var url = Connection.V2($"{name}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}");
        using var response = await Connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url), scopes, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }

        // Not mounted: the registry opened an upload session instead, which nobody will use.
        if (response.Headers.Location is { } location)
        {
            var session = Resolve(location, url);
            try
            {
                using var cancel = await Connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, session), Push(name), $"DELETE /v2/{name}/blobs/uploads/…", cancellationToken);
            }
            catch (OciRegistryException)
            {
                // Best effort: an abandoned session expires on the registry by itself.
            }
        }

        return false;
    }

    public async Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        if (chunkSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), "a chunk holds at least one byte");
        }

        var name = rules.RemoteName(repository);
        var location = await StartUploadAsync(name, cancellationToken);
        if (chunkSize is { } size)
        {
            long offset = 0;
            while (offset < blob.Size)
            {
                var length = Math.Min(size, blob.Size - offset);
                location = await PatchAsync(name, location, content, offset, length, cancellationToken);
                offset += length;
            }

            await CompleteAsync(name, location, blob, body: null, cancellationToken);
        }
        else
        {
            await CompleteAsync(name, location, blob, content, cancellationToken);
        }
    }

    public async Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var name = rules.RemoteName(repository);
        var operation = $"PUT /v2/{name}/manifests/{reference}";
        using var response = await Connection.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, Connection.V2($"{name}/manifests/{reference}"))
                {
                    Content = new ByteArrayContent(manifest.Content),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
                return request;
            },
            Push(name), operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }

        return Header(response, "Docker-Content-Digest") ?? manifest.Digest;
    }

    public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken) =>
        rules.PrepareRepositoryAsync(session, rules.RemoteName(repository), cancellationToken);

    public Task<bool?> DeleteThroughServiceApiAsync(string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        rules.DeleteAsync(session, rules.RemoteName(repository), digest, tags, cancellationToken);

    public async Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"DELETE /v2/{name}/manifests/{digest}";
        using var response = await Connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, Connection.V2($"{name}/manifests/{digest}")), [$"repository:{name}:delete"], operation, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => false,
            _ when response.IsSuccessStatusCode => true,
            _ => throw await Connection.FailureAsync(response, operation, cancellationToken),
        };
    }

    public async Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var name = rules.RemoteName(repository);
        var operation = $"GET /v2/{name}/referrers/{digest}";
        var found = new List<OciDescriptor>();
        Uri? page = Connection.V2($"{name}/referrers/{digest}");
        while (page is not null)
        {
            var current = page;
            using var response = await Connection.SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, current);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestAccept.OciIndex));
                    return request;
                },
                Pull(name), operation, cancellationToken);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                return OciReferrers.Unsupported;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await Connection.FailureAsync(response, operation, cancellationToken);
            }

            // Registries without the API may answer a catch-all page: only an image index is a referrers answer.
            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, ManifestAccept.OciIndex, StringComparison.OrdinalIgnoreCase))
            {
                return OciReferrers.Unsupported;
            }

            ReferrersIndex? index;
            try
            {
                index = await OciJson.ReadAsync(response, OciJson.Default.ReferrersIndex, operation, cancellationToken);
            }
            catch (OciRegistryException e) when (!e.Transient)
            {
                return OciReferrers.Unsupported;
            }

            if (index?.Manifests is null)
            {
                return OciReferrers.Unsupported;
            }

            found.AddRange(index.Manifests
                .Where(m => m.Digest is not null && m.MediaType is not null)
                .Select(m => new OciDescriptor(m.MediaType!, m.Digest!, m.Size, m.ArtifactType)));
            page = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links, current) : null;
        }

        return new OciReferrers(true, found);
    }

    private async Task<Uri> StartUploadAsync(string name, CancellationToken cancellationToken)
    {
        var operation = $"POST /v2/{name}/blobs/uploads/";
        var url = Connection.V2($"{name}/blobs/uploads/");
        using var response = await Connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url), Push(name), operation, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }

        return response.Headers.Location is { } location
            ? Resolve(location, url)
            : throw new OciRegistryException($"{operation} gave no upload location", response.StatusCode, transient: false);
    }

    private async Task<Uri> PatchAsync(string name, Uri location, Stream content, long offset, long length, CancellationToken cancellationToken)
    {
        var operation = $"PATCH /v2/{name}/blobs/uploads/…";
        using var response = await Connection.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StreamContent(new LengthLimitedStream(content, length)) };
                request.Content.Headers.ContentLength = length;
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);

                // The distribution spec's Content-Range is "<start>-<end>", not HTTP's "bytes …/total".
                request.Content.Headers.TryAddWithoutValidation(
                    "Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + length - 1}"));
                return request;
            },
            Push(name), operation, cancellationToken, replayable: false, bounded: false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }

        return response.Headers.Location is { } next ? Resolve(next, location) : location;
    }

    private async Task CompleteAsync(string name, Uri location, OciDescriptor blob, Stream? body, CancellationToken cancellationToken)
    {
        var operation = $"PUT /v2/{name}/blobs/uploads/…?digest={blob.Digest}";
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var url = new Uri(location + separator + "digest=" + Uri.EscapeDataString(blob.Digest));
        using var response = await Connection.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, url);
                if (body is not null)
                {
                    request.Content = new StreamContent(new LengthLimitedStream(body, blob.Size));
                    request.Content.Headers.ContentLength = blob.Size;
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
                }
                else
                {
                    request.Content = new ByteArrayContent([]);
                    request.Content.Headers.ContentLength = 0;
                }

                return request;
            },
            Push(name), operation, cancellationToken, replayable: body is null, bounded: body is null);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await Connection.FailureAsync(response, operation, cancellationToken);
        }
    }

    private HttpRequestMessage ManifestRequest(HttpMethod method, string name, string reference)
    {
        var request = new HttpRequestMessage(method, Connection.V2($"{name}/manifests/{reference}"));
        foreach (var type in ManifestAccept.All)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    // Checks the bytes against the digest asked for, or (for a tag) against the digest the registry says it served.
    private static string ManifestDigest(string reference, HttpResponseMessage response, byte[] bytes, string operation)
    {
        var claimed = IsDigest(reference) ? reference : Header(response, "Docker-Content-Digest");
        if (claimed is not null && DigestVerifyingStream.IsSupported(claimed))
        {
            if (!DigestVerifyingStream.Matches(claimed, bytes))
            {
                throw new OciRegistryException($"{operation}: the manifest does not match its digest {claimed}", response.StatusCode, transient: false);
            }

            return claimed;
        }

        if (claimed is not null && IsDigest(reference))
        {
            throw new OciRegistryException($"{operation}: unsupported digest algorithm", response.StatusCode, transient: false);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    // A manifest served without a Content-Type names its own media type (OCI and Docker v2 schemas both carry one).
    private static string? MediaTypeOf(byte[] bytes)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                document.RootElement.TryGetProperty("mediaType", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool IsDigest(string reference) => reference.Contains(':', StringComparison.Ordinal);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static Uri Resolve(Uri location, Uri requestUri) => location.IsAbsoluteUri ? location : new Uri(requestUri, location);

    private static string[] Pull(string name) => [$"repository:{name}:pull"];

    private static string[] Push(string name) => [$"repository:{name}:pull,push"];
}
