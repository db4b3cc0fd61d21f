using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Quay: bearer token flow with a robot account (<c>org+robot</c> and its token) or user, given as plain basic
/// credentials or as Harbor's Quay JSON secret (<see cref="QuayCredential"/>), whose OAuth2 token opens Quay's own API.
/// Repositories are listed through <c>/api/v1/repository?namespace=…&amp;public=true</c> (paged by <c>next_page</c>),
/// namespace by namespace: those a policy's name filter names, else, with an OAuth2 token, every namespace the token's
/// user sees (its own and its organizations, from <c>/api/v1/user/</c>); only without a token does the catalog list
/// what the registry login sees. With an OAuth2 token a push first
/// creates its organization when missing (<c>GET</c>, then <c>POST /api/v1/organization/</c>), as Harbor's adapter.
/// </summary>
public sealed class QuayRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.Quay;

    public override IRegistryCredentialSource Credentials(RegistryEndpoint endpoint, RegistryCredential? credential, RemoteRegistryContext context) =>
        QuayCredential.Parse(credential).Registry is { } basic ? new StaticCredentialSource(basic) : StaticCredentialSource.Anonymous;

    public override async IAsyncEnumerable<string> ListRepositoriesAsync(
        RemoteSession session, RepositoryListingHint hint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(hint);
        var token = QuayCredential.Parse(session.Credential).ApiToken;
        if (hint.Namespaces is null && token is null)
        {
            await foreach (var name in Catalog.ListAsync(session.Connection, cancellationToken))
            {
                yield return name;
            }

            yield break;
        }

        var namespaces = hint.Namespaces ?? await VisibleNamespacesAsync(session.Connection, token!, cancellationToken);
        foreach (var ns in namespaces)
        {
            await foreach (var name in NamespaceAsync(session.Connection, ns, token, cancellationToken))
            {
                yield return name;
            }
        }
    }

    /// <summary>The organization check (and creation) is made once per organization per session: one execution's tasks share one.</summary>
    public override Task PrepareRepositoryAsync(RemoteSession session, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(repository);
        var credential = QuayCredential.Parse(session.Credential);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);

        // Without an API token nothing can be created; the account's own namespace is a user's or the robot's
        // organization, which exists.
        if (credential.ApiToken is not { } token || slash <= 0 ||
            string.Equals(repository[..slash], credential.Namespace, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var organization = repository[..slash];
        return session.Prepared.RunAsync("quay-organization:" + organization, ct => EnsureOrganizationAsync(session, organization, token, ct), cancellationToken);
    }

    private static async Task EnsureOrganizationAsync(RemoteSession session, string organization, string token, CancellationToken cancellationToken)
    {
        if (await OrganizationExistsAsync(session.Connection, organization, token, cancellationToken))
        {
            return;
        }

        const string operation = "POST /api/v1/organization/";
        using var created = await SendAsync(
            session.Connection, HttpMethod.Post, "/api/v1/organization/", token,
            JsonContent.Create(new QuayOrganizationRequest(organization, organization + "@quay.io"), OciJson.Default.QuayOrganizationRequest),
            operation, cancellationToken);

        // Quay answers 400 when the name is taken: by a concurrent push (fine) or by someone else (the push says so).
        if (!created.IsSuccessStatusCode && !await OrganizationExistsAsync(session.Connection, organization, token, cancellationToken))
        {
            throw await session.Connection.FailureAsync(created, operation, cancellationToken);
        }
    }

    private static async IAsyncEnumerable<string> NamespaceAsync(
        RegistryConnection connection, string ns, string? token, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var query = $"/api/v1/repository?namespace={Uri.EscapeDataString(ns)}&public=true" + (next is null ? string.Empty : "&next_page=" + Uri.EscapeDataString(next));
            const string operation = "Quay repository listing";
            using var response = await SendAsync(connection, HttpMethod.Get, query, token, null, operation, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await connection.FailureAsync(response, operation, cancellationToken);
            }

            var page = await OciJson.ReadAsync(response, OciJson.Default.QuayRepositoryPage, operation, cancellationToken);
            foreach (var repository in page?.Repositories ?? [])
            {
                if (!string.IsNullOrEmpty(repository.Name))
                {
                    yield return (repository.Namespace ?? ns) + "/" + repository.Name;
                }
            }

            next = page?.NextPage is { Length: > 0 } more ? more : null;
        }
        while (next is not null);
    }

    /// <summary>The namespaces the token's user sees: its own, then its organizations'.</summary>
    private static async Task<IReadOnlyList<string>> VisibleNamespacesAsync(RegistryConnection connection, string token, CancellationToken cancellationToken)
    {
        const string operation = "GET /api/v1/user/";
        using var response = await SendAsync(connection, HttpMethod.Get, "/api/v1/user/", token, null, operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await connection.FailureAsync(response, operation, cancellationToken);
            throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? new OciRegistryException($"{operation} refused the OAuth2 token: Quay's namespaces cannot be listed without it (name them in the policy's name filter, or give the token user:read)", response.StatusCode, transient: false)
                : failure;
        }

        var user = await OciJson.ReadAsync(response, OciJson.Default.QuayUser, operation, cancellationToken);
        return [.. new[] { user?.Username }.Concat((user?.Organizations ?? []).Select(o => o.Name))
            .OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static async Task<bool> OrganizationExistsAsync(RegistryConnection connection, string organization, string token, CancellationToken cancellationToken)
    {
        const string operation = "GET /api/v1/organization/{name}";
        using var response = await SendAsync(connection, HttpMethod.Get, "/api/v1/organization/" + Uri.EscapeDataString(organization), token, null, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await connection.FailureAsync(response, operation, cancellationToken);
        }

        return true;
    }

    // Quay's API takes its OAuth2 token only (anonymous without one: public repositories), never the registry login.
    private static async Task<HttpResponseMessage> SendAsync(
        RegistryConnection connection, HttpMethod method, string pathAndQuery, string? token, HttpContent? content, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(connection.Registry, pathAndQuery)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await connection.SendApiAsync(request, operation, cancellationToken, basic: false);
    }
}
