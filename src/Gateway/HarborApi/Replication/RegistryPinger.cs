using System.Net.Http;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// Harbor's registry ping: a stored endpoint (whose URL cannot be overridden, so its secret goes nowhere else; its
/// type and credential can), or an unsaved one. A stored endpoint pinged as stored gets the outcome as its status.
/// </summary>
public sealed class RegistryPinger(IRegistryEndpointMetadata store, RegistryCredentialProtector protector, TimeProvider clock)
{
    public async Task<RegistryCommandResult> PingAsync(
        RegistryPingReq request, IRemoteRegistryFactory factory, IRegistryAdapterCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(catalog);
        var opened = request.Id is { } id ? await OpenStoredAsync(id, request, factory, cancellationToken) : OpenUnsaved(request, factory, catalog);
        if (!opened.Result.Succeeded)
        {
            return opened.Result;
        }

        var health = await CheckAsync(opened.Remote!, cancellationToken);
        if (request.IsStoredAsIs)
        {
            await store.SetRegistryEndpointStatusAsync(request.Id!.Value, health.Status, clock.GetUtcNow(), cancellationToken);
        }

        return health.Healthy
            ? RegistryCommandResult.Done(opened.Remote!.Endpoint)
            : RegistryCommandResult.Fail(RegistryError.BadRequest, $"the registry is unhealthy: {health.Problem ?? "no reason given"}");
    }

    private async Task<(RegistryCommandResult Result, IRemoteRegistry? Remote)> OpenStoredAsync(
        long id, RegistryPingReq request, IRemoteRegistryFactory factory, CancellationToken cancellationToken)
    {
        var stored = await store.GetRegistryEndpointAsync(id, cancellationToken);
        if (stored is null)
        {
            return (RegistryEndpointCommands.NotFound(id), null);
        }

        if (request.IsStoredAsIs)
        {
            var remote = await factory.OpenAsync(id, cancellationToken);
            return remote is null ? (RegistryEndpointCommands.NotFound(id), null) : (RegistryCommandResult.Done(null), remote);
        }

        var type = request.Type?.Trim() ?? stored.Endpoint.Type;
        if (RegistryEndpointRules.CheckType(type) is { } badType)
        {
            return (RegistryCommandResult.Fail(RegistryError.BadRequest, badType), null);
        }

        var secret = request.AccessSecret ?? await protector.UnprotectAsync(stored.SealedSecret, stored.Endpoint.Name, cancellationToken);
        if (secret is null)
        {
            return (RegistryCommandResult.Fail(
                RegistryError.BadRequest, $"the stored secret of registry {stored.Endpoint.Name} cannot be read; send access_secret"), null);
        }

        var credentialType = request.CredentialType is null ? stored.Endpoint.CredentialType : RegistryEndpointRules.CredentialTypeOrDefault(request.CredentialType);
        var accessKey = request.AccessKey is null ? stored.Endpoint.AccessKey : RegistryEndpointRules.AccessKeyOrNone(request.AccessKey);
        return Open(factory, stored.Endpoint with { Type = type, CredentialType = credentialType, AccessKey = accessKey, HasSecret = secret.Length > 0 }, secret);
    }

    private (RegistryCommandResult Result, IRemoteRegistry? Remote) OpenUnsaved(RegistryPingReq request, IRemoteRegistryFactory factory, IRegistryAdapterCatalog catalog)
    {
        var type = request.Type?.Trim();
        if (string.IsNullOrEmpty(type) || (string.IsNullOrWhiteSpace(request.Url) && catalog.Find(type)?.DefaultUrl is null))
        {
            return (RegistryCommandResult.Fail(RegistryError.BadRequest, "type or url cannot be empty"), null);
        }

        var url = string.Empty;
        var invalid = (string.IsNullOrEmpty(request.CaCertificate) ? null : "ca_certificate is not supported")
                      ?? RegistryEndpointRules.CheckType(type)
                      ?? (RegistryEndpointRules.TryNormalizeUrl(request.Url, catalog.Find(type)?.DefaultUrl, out url, out var urlError) ? null : urlError);
        if (invalid is not null)
        {
            return (RegistryCommandResult.Fail(RegistryError.BadRequest, invalid), null);
        }

        var now = clock.GetUtcNow();
        var secret = request.AccessSecret ?? string.Empty;
        var endpoint = new RegistryEndpoint(
            0, string.Empty, type, url, string.Empty, request.Insecure ?? false, RegistryEndpointRules.CredentialTypeOrDefault(request.CredentialType),
            RegistryEndpointRules.AccessKeyOrNone(request.AccessKey), secret.Length > 0, RegistryEndpointCommands.UnknownStatus, now, now);
        return Open(factory, endpoint, secret);
    }

    private static (RegistryCommandResult Result, IRemoteRegistry? Remote) Open(IRemoteRegistryFactory factory, RegistryEndpoint endpoint, string secret)
    {
        if (RegistryEndpointRules.CheckCredential(endpoint.CredentialType, endpoint.AccessKey, secret) is { } invalid)
        {
            return (RegistryCommandResult.Fail(RegistryError.BadRequest, invalid), null);
        }

        var credential = endpoint.AccessKey is null ? null : new RegistryCredential(endpoint.CredentialType, endpoint.AccessKey, secret);
        return (RegistryCommandResult.Done(null), factory.Open(endpoint, credential));
    }

    /// <summary>A registry that cannot be reached is unhealthy, with the reason; the caller's own cancellation still cancels.</summary>
    private static async Task<RegistryHealth> CheckAsync(IRemoteRegistry remote, CancellationToken cancellationToken)
    {
        try
        {
            return await remote.PingAsync(cancellationToken);
        }
        catch (OciRegistryException e)
        {
            return new RegistryHealth(false, e.Message);
        }
        catch (HttpRequestException e)
        {
            return new RegistryHealth(false, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegistryHealth(false, "the registry did not answer in time");
        }
    }
}
