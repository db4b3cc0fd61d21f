using ArtifactKeeper.Replication.Transfer.Remote.Auth;
using ArtifactKeeper.Replication.Transfer.Remote.Types;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// Opens registry endpoints as <see cref="RemoteOciRegistry"/>: the endpoint's type picks its rules, its id its HTTP
/// client; a stored endpoint's secret is unsealed here and stays inside the opened registry.
/// </summary>
public sealed class RemoteRegistryFactory(
    IHttpClientFactory httpClients,
    IRegistryEndpointMetadata endpoints,
    RegistryCredentialProtector protector,
    IOptions<RemoteRegistryOptions> options,
    IOptions<HostedRegistryEndpointsOptions> hosted,
    TimeProvider clock) : IRemoteRegistryFactory
{
    public async Task<IRemoteRegistry?> OpenAsync(long registryId, CancellationToken cancellationToken)
    {
        if (await endpoints.GetRegistryEndpointAsync(registryId, cancellationToken) is not { } record)
        {
            return null;
        }

        var endpoint = record.Endpoint;
        var secret = string.IsNullOrEmpty(record.SealedSecret)
            ? string.Empty
            : await protector.UnprotectAsync(record.SealedSecret, endpoint.Name, cancellationToken)
                ?? throw new OciRegistryException($"the stored credential of registry endpoint {endpoint.Name} cannot be opened", null, transient: false);
        var credential = string.IsNullOrEmpty(endpoint.AccessKey) && secret.Length == 0
            ? null
            : new RegistryCredential(endpoint.CredentialType, endpoint.AccessKey, secret);
        return Open(endpoint, credential);
    }

    public IRemoteRegistry Open(RegistryEndpoint endpoint, RegistryCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var rules = RegistryTypes.Find(endpoint.Type)
            ?? throw new OciRegistryException($"registry type {endpoint.Type} is not supported", null, transient: false);
        var http = httpClients.CreateClient(RemoteHttpClients.Name(endpoint));
        var context = new RemoteRegistryContext(http, hosted.Value, options.Value, clock);
        var credentials = rules.Credentials(endpoint, credential, context);
        var authenticator = new ChallengeAuthenticator(http, credentials, clock, options.Value.RequestTimeout);
        var connection = new RegistryConnection(http, rules.RegistryRoot(endpoint, context), authenticator, credentials, options.Value, clock);
        return new RemoteOciRegistry(new RemoteSession(endpoint, credential, connection, context), rules);
    }
}
