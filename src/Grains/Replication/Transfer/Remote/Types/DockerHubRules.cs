using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Docker Hub: an endpoint URL naming Hub's web site means its registry (<see cref="HostedRegistryEndpointsOptions.DockerHubRegistry"/>);
/// single-component names are official images under <c>library/</c>; Hub has no catalog, so repositories are listed
/// through its web API for the credential's namespace (<c>library</c> without one).
/// </summary>
public sealed class DockerHubRules : RegistryTypeRules
{
    public const string OfficialNamespace = "library";
    public const string WebHost = "hub.docker.com";

    public override string Type => RegistryEndpointTypes.DockerHub;

    public override Uri RegistryRoot(RegistryEndpoint endpoint, RemoteRegistryContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        var root = Root(endpoint.Url);
        return string.Equals(root.Host, WebHost, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(root.Authority, context.Hosted.DockerHubApi.Authority, StringComparison.OrdinalIgnoreCase)
            ? context.Hosted.DockerHubRegistry
            : root;
    }

    public override string RemoteName(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Contains('/', StringComparison.Ordinal) ? repository : OfficialNamespace + "/" + repository;
    }

    public override async IAsyncEnumerable<string> ListRepositoriesAsync(RemoteSession session, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (connection, context) = (session.Connection, session.Context);
        var login = await LoginAsync(session, cancellationToken);
        var ns = session.Credential?.AccessKey is { Length: > 0 } key ? key : OfficialNamespace;
        Uri? page = new(context.Hosted.DockerHubApi, $"/v2/repositories/{Uri.EscapeDataString(ns)}/?page_size={connection.Options.PageSize}");
        while (page is not null)
        {
            const string operation = "Docker Hub repository listing";
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            if (login is not null)
            {
                request.Headers.Authorization = new("Bearer", login);
            }

            using var response = await connection.SendApiAsync(request, operation, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await connection.FailureAsync(response, operation, cancellationToken);
            }

            var body = await OciJson.ReadAsync(response, OciJson.Default.HubRepositoryPage, operation, cancellationToken);
            foreach (var repository in body?.Results ?? [])
            {
                if (!string.IsNullOrEmpty(repository.Name))
                {
                    yield return (repository.Namespace ?? ns) + "/" + repository.Name;
                }
            }

            page = Uri.TryCreate(body?.Next, UriKind.Absolute, out var next) ? next : null;
        }
    }

    // Hub's web API wants its own token, got by logging in with the same username and password (or access token).
    private static async Task<string?> LoginAsync(RemoteSession session, CancellationToken cancellationToken)
    {
        var (connection, context) = (session.Connection, session.Context);
        if (session.Credential is not { AccessKey: { Length: > 0 } user, AccessSecret: { Length: > 0 } password })
        {
            return null;
        }

        const string operation = "Docker Hub login";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(context.Hosted.DockerHubApi, "/v2/users/login"))
        {
            Content = JsonContent.Create(new HubLogin(user, password), OciJson.Default.HubLogin),
        };
        HttpResponseMessage response;
        try
        {
            response = await connection.Http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }

        using var _ = response;
        if (!response.IsSuccessStatusCode)
        {
            var failure = await connection.FailureAsync(response, operation, cancellationToken);
            throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? new OciRegistryException($"{operation} refused the credential", response.StatusCode, transient: false)
                : failure;
        }

        var answer = await OciJson.ReadAsync(response, OciJson.Default.HubLoginAnswer, operation, cancellationToken);
        return answer?.Token ?? throw new OciRegistryException($"{operation} sent no token", response.StatusCode, transient: false);
    }
}
