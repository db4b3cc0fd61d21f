using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Docker Hub: an endpoint URL naming Hub's web site means its registry (<see cref="HostedRegistryEndpointsOptions.DockerHubRegistry"/>);
/// single-component names are official images under <c>library/</c>; Hub has no catalog, so repositories are listed
/// through its web API, namespace by namespace (as Harbor's adapter).
/// </summary>
public sealed class DockerHubRules : RegistryTypeRules
{
    public const string OfficialNamespace = "library";
    public const string WebHost = "hub.docker.com";
    private const int MaxPageSize = 100;

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

    /// <summary>
    /// The namespaces the policy's name filter names, else the account's own (user and organizations, from
    /// <c>/v2/repositories/namespaces</c>), else (anonymous) <c>library</c>; each listed through
    /// <c>/v2/repositories/{namespace}/</c>, paged by <c>next</c>.
    /// </summary>
    public override async IAsyncEnumerable<string> ListRepositoriesAsync(
        RemoteSession session, RepositoryListingHint hint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(hint);
        var login = await LoginAsync(session, cancellationToken);
        var namespaces = hint.Namespaces
            ?? (login is null ? [OfficialNamespace] : await AccountNamespacesAsync(session, login, cancellationToken));
        foreach (var ns in namespaces)
        {
            await foreach (var repository in NamespaceAsync(session, login, ns, cancellationToken))
            {
                yield return repository;
            }
        }
    }

    private static async IAsyncEnumerable<string> NamespaceAsync(
        RemoteSession session, string? login, string ns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (connection, context) = (session.Connection, session.Context);
        var size = Math.Min(connection.Options.PageSize, MaxPageSize);
        Uri? page = new(context.Hosted.DockerHubApi, $"/v2/repositories/{Uri.EscapeDataString(ns)}/?page_size={size}");
        while (page is not null)
        {
            const string operation = "Docker Hub repository listing";
            using var response = await SendAsync(connection, page, login, operation, cancellationToken);

            // A namespace that is not there (or not visible) holds nothing to replicate.
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

    private static async Task<IReadOnlyList<string>> AccountNamespacesAsync(RemoteSession session, string login, CancellationToken cancellationToken)
    {
        const string operation = "Docker Hub namespace listing";
        var connection = session.Connection;
        using var response = await SendAsync(connection, new Uri(session.Context.Hosted.DockerHubApi, "/v2/repositories/namespaces"), login, operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await connection.FailureAsync(response, operation, cancellationToken);
        }

        var body = await OciJson.ReadAsync(response, OciJson.Default.HubNamespaces, operation, cancellationToken);
        return [.. (body?.Namespaces ?? []).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal)];
    }

    private static async Task<HttpResponseMessage> SendAsync(RegistryConnection connection, Uri uri, string? login, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (login is not null)
        {
            request.Headers.Authorization = new("Bearer", login);
        }

        return await connection.SendApiAsync(request, operation, cancellationToken);
    }

    // Hub's web API wants its own token (valid 10 minutes, ample for one listing), got from /v2/auth/token with the same
    // username and password or personal access token.
    private static async Task<string?> LoginAsync(RemoteSession session, CancellationToken cancellationToken)
    {
        var (connection, context) = (session.Connection, session.Context);
        if (session.Credential is not { AccessKey: { Length: > 0 } user, AccessSecret: { Length: > 0 } password })
        {
            return null;
        }

        const string operation = "Docker Hub login";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(context.Hosted.DockerHubApi, "/v2/auth/token"))
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
        return answer?.AccessToken is { Length: > 0 } token ? token : throw new OciRegistryException($"{operation} sent no token", response.StatusCode, transient: false);
    }
}
