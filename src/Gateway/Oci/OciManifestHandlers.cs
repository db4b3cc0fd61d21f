using ArtifactKeeper.Audit;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.Oci;

/// <summary>end-3 (GET/HEAD), end-7 (PUT) and end-9 (DELETE) of manifests, by tag or digest.</summary>
public static class OciManifestHandlers
{
    public static async Task<IResult> GetAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Reference;
        if (!IsGrammaticalReference(reference))
        {
            // An ungrammatical reference names nothing: unknown, not invalid (the rule for GET/HEAD/DELETE).
            return ManifestUnknown(request);
        }

        var proxied = await request.ProxyCache.ResolveManifestAsync(request);
        if (proxied?.Error is { } upstreamError)
        {
            return upstreamError;
        }

        var manifest = proxied?.Manifest ?? await request.Repository.GetManifestAsync(reference);
        if (manifest is null)
        {
            return ManifestUnknown(request);
        }

        var isHead = HttpMethods.IsHead(request.Http.Request.Method);
        if (!isHead && await request.ContentTrust.RefuseAsync(request, manifest) is { } refused)
        {
            return refused;
        }

        if (!isHead && await request.VulnerabilityPrevention.RefuseAsync(request, manifest) is { } vulnerable)
        {
            return vulnerable;
        }

        var response = request.Http.Response;
        response.Headers["Docker-Content-Digest"] = manifest.Digest;
        response.Headers.ETag = $"\"{manifest.Digest}\"";
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Content.Length;
        if (!isHead)
        {
            await response.Body.WriteAsync(manifest.Content, request.Aborted);
            if (proxied?.Manifest is not null)
            {
                // Upstream's bytes, not stored yet: the store cannot count a pull of them until the cacher stored them.
                request.ProxyCache.RecordUpstreamPull(request.Name, manifest.Digest);
            }
            else
            {
                request.Pulls.Record(request.Name, manifest.Digest);
            }

            // Harbor counts and audits a pull when the manifest is fetched; HEAD and blob GETs are not pulls.
            var tag = OciGrammar.LooksLikeDigest(reference) ? null : reference;
            await request.RecordAsync((project, at) => AuditEvents.ArtifactPulled(request.Caller.DisplayName, request.Name, tag, manifest.Digest, project, at));
        }

        return Results.Empty;
    }

    public static async Task<IResult> PutAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBoundedAsync(request.Http.Request, RepositoryGrain.MaxManifestBytes, request.Aborted);
        if (body is null)
        {
            return new OciErrorResult(RegistryError.ManifestTooLarge, $"manifests are limited to {RepositoryGrain.MaxManifestBytes} bytes");
        }

        var result = await request.Repository
            .PutManifestAsync(new PutManifestRequest(request.Reference, request.Http.Request.ContentType, body));
        if (!result.Succeeded)
        {
            return new OciErrorResult(result.Error, result.Message);
        }

        var headers = request.Http.Response.Headers;
        headers.Location = request.Locations.Manifest(request.Http, request.Name, result.Digest!);
        headers["Docker-Content-Digest"] = result.Digest;
        if (result.Subject is not null)
        {
            headers["OCI-Subject"] = result.Subject;
        }

        var tag = OciGrammar.LooksLikeDigest(request.Reference) ? null : request.Reference;
        await request.RecordAsync((project, at) => AuditEvents.ArtifactPushed(request.Caller.DisplayName, request.Name, tag, result.Digest!, project, at));
        if (SignatureManifests.SignedSubjectOf(body, tag) is { } signed)
        {
            await request.RecordAsync((project, at) => AuditEvents.SignaturePushed(request.Caller.DisplayName, request.Name, tag, result.Digest!, signed, project, at));
        }

        request.Http.RequestServices.GetRequiredService<Scanning.Gateway.AutoScanOnPush>().ManifestPushed(
            request.Name, result.Digest!, request.Http.Request.ContentType, body, request.Caller.DisplayName);
        request.Http.RequestServices.GetRequiredService<Replication.Gateway.ReplicationEventTrigger>().ManifestPushed(request.Name, result.Digest!, tag);
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    public static async Task<IResult> DeleteAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Reference;
        if (!IsGrammaticalReference(reference))
        {
            return ManifestUnknown(request);
        }

        var repository = request.Repository;
        var byDigest = OciGrammar.LooksLikeDigest(reference);
        var replication = request.Http.RequestServices.GetRequiredService<Replication.Gateway.ReplicationEventTrigger>();
        var deletion = await replication.CaptureDeletionAsync(request.Name, reference, request.Aborted);

        // As Harbor's registry API, deleting an artifact deletes its accessories (signatures, referrers); a tag delete does not.
        var accessories = byDigest
            ? await Registry.Artifacts.SubjectAccessories.ListDigestsAsync(
                request.Http.RequestServices.GetRequiredService<Storage.Metadata.IArtifactMetadata>(), request.Name, reference, request.Aborted)
            : [];
        var result = byDigest
            ? await repository.TryDeleteManifestAsync(reference)
            : await repository.TryDeleteTagAsync(reference);
        if (!result.Succeeded)
        {
            return result.Error == RegistryError.ManifestUnknown
                ? ManifestUnknown(request)
                : new OciErrorResult(result.Error, result.Message ?? $"manifest {reference} was not deleted");
        }

        replication.Deleted(deletion);
        var user = request.Caller.DisplayName;
        await request.RecordAsync((project, at) => byDigest
            ? AuditEvents.ArtifactDeleted(user, request.Name, reference, project, at)
            : AuditEvents.TagDeleted(user, request.Name, reference, project, at));
        foreach (var accessory in accessories)
        {
            if ((await repository.TryDeleteManifestAsync(accessory)).Succeeded)
            {
                await request.RecordAsync((project, at) => AuditEvents.ArtifactDeleted(user, request.Name, accessory, project, at));
            }
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static bool IsGrammaticalReference(string reference) =>
        OciGrammar.LooksLikeDigest(reference) ? OciGrammar.IsValidDigest(reference) : OciGrammar.IsValidTag(reference);

    private static OciErrorResult ManifestUnknown(OciRequest request) =>
        new(RegistryError.ManifestUnknown, $"manifest {request.Reference} is not in repository {request.Name}");

    /// <summary>Reads the body, or returns null when it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
