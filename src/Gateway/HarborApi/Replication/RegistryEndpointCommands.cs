using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>What a registry command did: the endpoint as stored, or Harbor's error for the caller.</summary>
public sealed record RegistryCommandResult(RegistryEndpoint? Endpoint, RegistryError Error, string? Message)
{
    public bool Succeeded => Error == RegistryError.None;

    public static RegistryCommandResult Done(RegistryEndpoint? endpoint) => new(endpoint, RegistryError.None, null);

    public static RegistryCommandResult Fail(RegistryError error, string message) => new(null, error, message);
}

/// <summary>
/// Creates, changes and deletes registry endpoints for the registries API. Nothing here contacts an endpoint; the
/// secret is sealed for the store (bound to the name, so a rename reseals) and appears in no answer, log or audit
/// record. Callers were checked to be system administrators.
/// </summary>
public sealed class RegistryEndpointCommands(
    IRegistryEndpointMetadata store,
    RegistryCredentialProtector protector,
    IEnumerable<IRegistryEndpointUsage> usages,
    ChangeAudit audit,
    TimeProvider clock)
{
    /// <summary>The status of an endpoint nobody pinged since it was stored or last re-pointed.</summary>
    public const string UnknownStatus = "unknown";

    public async Task<RegistryCommandResult> CreateAsync(RegistryCaller caller, RegistryReq request, IRegistryAdapterCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var name = request.Name?.Trim();
        var type = request.Type?.Trim();
        var credentialType = RegistryEndpointRules.CredentialTypeOrDefault(request.Credential?.Type);
        var accessKey = RegistryEndpointRules.AccessKeyOrNone(request.Credential?.AccessKey);
        var secret = request.Credential?.AccessSecret ?? string.Empty;
        var url = string.Empty;
        var invalid = Unsupported(request.CaCertificate)
                      ?? RegistryEndpointRules.CheckName(name)
                      ?? RegistryEndpointRules.CheckType(type)
                      ?? (RegistryEndpointRules.TryNormalizeUrl(request.Url, catalog.Find(type!)?.DefaultUrl, out url, out var urlError) ? null : urlError)
                      ?? RegistryEndpointRules.CheckCredential(credentialType, accessKey, secret);
        if (invalid is not null)
        {
            return RegistryCommandResult.Fail(RegistryError.BadRequest, invalid);
        }

        var now = clock.GetUtcNow();
        var sealedSecret = accessKey is null ? string.Empty : await protector.ProtectAsync(secret, name!, cancellationToken);
        var endpoint = new RegistryEndpoint(
            0, name!, type!, url, request.Description ?? string.Empty, request.Insecure ?? false, credentialType, accessKey, sealedSecret.Length > 0,
            UnknownStatus, now, now);
        var saved = await store.TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint, sealedSecret), cancellationToken);
        if (saved.Outcome == RegistryEndpointChange.Duplicate)
        {
            return RegistryCommandResult.Fail(RegistryError.Conflict, $"registry {name} already exists");
        }

        audit.Registry(caller, AuditEvents.Create, saved.Endpoint!.Name, $"{saved.Endpoint.Type} at {saved.Endpoint.Url}");
        return RegistryCommandResult.Done(saved.Endpoint);
    }

    /// <summary>
    /// Applies the fields the request sets. An omitted secret keeps the stored one, except when the URL changes: then it
    /// is dropped unless a new one comes (as Harbor does), so a changed URL never receives a secret meant for another host.
    /// A change of where or how the endpoint is reached makes its status unknown again.
    /// </summary>
    public async Task<RegistryCommandResult> UpdateAsync(
        RegistryCaller caller, long id, RegistryUpdateReq request, IRegistryAdapterCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var stored = await store.GetRegistryEndpointAsync(id, cancellationToken);
        if (stored is null)
        {
            return NotFound(id);
        }

        var existing = stored.Endpoint;
        var name = request.Name?.Trim() ?? existing.Name;
        var credentialType = request.CredentialType is null ? existing.CredentialType : RegistryEndpointRules.CredentialTypeOrDefault(request.CredentialType);
        var accessKey = request.AccessKey is null ? existing.AccessKey : RegistryEndpointRules.AccessKeyOrNone(request.AccessKey);
        var url = existing.Url;
        var invalid = Unsupported(request.CaCertificate)
                      ?? RegistryEndpointRules.CheckName(name)
                      ?? (request.Url is null || RegistryEndpointRules.TryNormalizeUrl(request.Url, catalog.Find(existing.Type)?.DefaultUrl, out url, out var urlError)
                          ? null
                          : urlError)
                      ?? RegistryEndpointRules.CheckCredential(credentialType, accessKey, request.AccessSecret);
        if (invalid is not null)
        {
            return RegistryCommandResult.Fail(RegistryError.BadRequest, invalid);
        }

        var secret = await NewSealedSecretAsync(stored, name, url, accessKey, request.AccessSecret, cancellationToken);
        if (secret is null)
        {
            return RegistryCommandResult.Fail(
                RegistryError.BadRequest, $"the stored secret of registry {existing.Name} cannot be read; send access_secret with the change");
        }

        var insecure = request.Insecure ?? existing.Insecure;
        var secretReplaced = request.AccessSecret is not null || (secret.Length == 0 && stored.SealedSecret.Length > 0);
        var repointed = url != existing.Url || insecure != existing.Insecure || credentialType != existing.CredentialType || accessKey != existing.AccessKey
                        || secretReplaced;
        var updated = existing with
        {
            Name = name,
            Url = url,
            Description = request.Description ?? existing.Description,
            Insecure = insecure,
            CredentialType = credentialType,
            AccessKey = accessKey,
            HasSecret = secret.Length > 0,
            Status = repointed ? UnknownStatus : existing.Status,
            UpdateTime = clock.GetUtcNow(),
        };
        var saved = await store.TryUpdateRegistryEndpointAsync(new RegistryEndpointRecord(updated, secret), cancellationToken);
        switch (saved.Outcome)
        {
            case RegistryEndpointChange.NotFound:
                return NotFound(id);
            case RegistryEndpointChange.Duplicate:
                return RegistryCommandResult.Fail(RegistryError.Conflict, $"registry {name} already exists");
        }

        audit.Registry(caller, AuditEvents.Update, saved.Endpoint!.Name, Changes(existing, saved.Endpoint, secretReplaced));
        return RegistryCommandResult.Done(saved.Endpoint);
    }

    /// <summary>Deletes an endpoint nothing uses (412 naming the first use otherwise).</summary>
    public async Task<RegistryCommandResult> DeleteAsync(RegistryCaller caller, long id, CancellationToken cancellationToken)
    {
        var stored = await store.GetRegistryEndpointAsync(id, cancellationToken);
        if (stored is null)
        {
            return NotFound(id);
        }

        foreach (var usage in usages)
        {
            if (await usage.FindUseAsync(id, cancellationToken) is { } use)
            {
                return RegistryCommandResult.Fail(
                    RegistryError.PreconditionFailed, $"the registry {stored.Endpoint.Name} is used by {use}, cannot delete it");
            }
        }

        if (!await store.DeleteRegistryEndpointAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        audit.Registry(caller, AuditEvents.Delete, stored.Endpoint.Name);
        return RegistryCommandResult.Done(stored.Endpoint);
    }

    public static RegistryCommandResult NotFound(long id) => RegistryCommandResult.Fail(RegistryError.NameUnknown, $"registry {id} not found");

    private static string? Unsupported(string? caCertificate) =>
        string.IsNullOrEmpty(caCertificate) ? null : "ca_certificate is not supported: the system's trusted roots verify registry certificates";

    /// <summary>
    /// The sealed secret to store: a new one sealed under the (new) name; none without an access key or when the URL
    /// moved without a new secret; else the stored one, resealed on a rename. Null when the stored one cannot be opened.
    /// </summary>
    private async Task<string?> NewSealedSecretAsync(
        RegistryEndpointRecord stored, string name, string url, string? accessKey, string? newSecret, CancellationToken cancellationToken)
    {
        if (accessKey is null)
        {
            return string.Empty;
        }

        if (newSecret is not null)
        {
            return await protector.ProtectAsync(newSecret, name, cancellationToken);
        }

        if (url != stored.Endpoint.Url || stored.SealedSecret.Length == 0)
        {
            return string.Empty;
        }

        if (name == stored.Endpoint.Name)
        {
            return stored.SealedSecret;
        }

        var clear = await protector.UnprotectAsync(stored.SealedSecret, stored.Endpoint.Name, cancellationToken);
        return clear is null ? null : await protector.ProtectAsync(clear, name, cancellationToken);
    }

    /// <summary>Which fields changed, by name only: the audit log says a secret changed, never what it is.</summary>
    private static string? Changes(RegistryEndpoint before, RegistryEndpoint after, bool secretChanged)
    {
        var changed = new List<string>();
        if (before.Name != after.Name)
        {
            changed.Add($"renamed from {before.Name}");
        }

        if (before.Url != after.Url)
        {
            changed.Add($"url {after.Url}");
        }

        if (before.Description != after.Description)
        {
            changed.Add("description");
        }

        if (before.Insecure != after.Insecure)
        {
            changed.Add(after.Insecure ? "insecure" : "secure");
        }

        if (before.CredentialType != after.CredentialType || before.AccessKey != after.AccessKey || secretChanged)
        {
            changed.Add("credential");
        }

        return changed.Count == 0 ? null : string.Join(", ", changed);
    }
}
