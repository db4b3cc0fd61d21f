using System.Net;
using System.Runtime.CompilerServices;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Docker Hub: an endpoint URL naming Hub's web site means its registry (<see cref="HostedRegistryEndpointsOptions.DockerHubRegistry"/>);
/// single-component names are official images under <c>library/</c>; Hub has no catalog, so repositories are listed
/// through its web API, namespace by namespace (as Harbor's adapter). A push into a namespace that is not there first
/// creates it as an organization (<c>GET /v2/orgs/{name}/</c>, then <c>POST /v2/orgs/</c>), once per namespace per session
/// (one execution's tasks share one); the account's own namespace is never created. The web API's token lives in
/// <see cref="DockerHubApi"/>, renewed as it expires.
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
        var api = Api(session);
        var namespaces = hint.Namespaces
            ?? (api.User is null ? [OfficialNamespace] : await AccountNamespacesAsync(api, cancellationToken));
        foreach (var ns in namespaces)
        {
            await foreach (var repository in NamespaceAsync(session, api, ns, cancellationToken))
            {
                yield return repository;
            }
        }
    }

    public override Task PrepareRepositoryAsync(RemoteSession session, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var api = Api(session);

        // Anonymous: nothing can be created (nor pushed; the push says so). The account's own namespace always exists.
        if (slash <= 0 || api.User is not { } user || string.Equals(repository[..slash], user, StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }

        var ns = repository[..slash];
        return session.Prepared.RunAsync("docker-hub-namespace:" + ns, ct => api.EnsureOrganizationAsync(ns, ct), cancellationToken);
    }

    private static DockerHubApi Api(RemoteSession session) => session.Scoped(static s => new DockerHubApi(s));

    private static async IAsyncEnumerable<string> NamespaceAsync(
        RemoteSession session, DockerHubApi api, string ns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var size = Math.Min(session.Connection.Options.PageSize, MaxPageSize);
        Uri? page = api.Api($"/v2/repositories/{Uri.EscapeDataString(ns)}/?page_size={size}");
        while (page is not null)
        {
            const string operation = "Docker Hub repository listing";
            var current = page;
            using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, current), operation, cancellationToken);

            // A namespace that is not there (or not visible) holds nothing to replicate.
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await api.FailureAsync(response, operation, cancellationToken);
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

    private static async Task<IReadOnlyList<string>> AccountNamespacesAsync(DockerHubApi api, CancellationToken cancellationToken)
    {
        const string operation = "Docker Hub namespace listing";
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Api("/v2/repositories/namespaces")), operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await api.FailureAsync(response, operation, cancellationToken);
        }

        var body = await OciJson.ReadAsync(response, OciJson.Default.HubNamespaces, operation, cancellationToken);
        return [.. (body?.Namespaces ?? []).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal)];
    }
}
