using System.Runtime.CompilerServices;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>What a registry type's rules may use: the HTTP client, the hosted services' addresses, options, clock.</summary>
public sealed record RemoteRegistryContext(HttpClient Http, HostedRegistryEndpointsOptions Hosted, RemoteRegistryOptions Options, TimeProvider Clock);

/// <summary>
/// An opened endpoint as its type's rules see it. It lives as long as the opened registry: one listing, or every task
/// of one execution (<see cref="Prepared"/> and the type's own <see cref="Scoped{T}"/> state last that long).
/// </summary>
public sealed record RemoteSession(RegistryEndpoint Endpoint, RegistryCredential? Credential, RegistryConnection Connection, RemoteRegistryContext Context)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, object> _scoped = new();

    /// <summary>Preparations for pushes (namespaces, repositories) already made through this session.</summary>
    public OnceCache Prepared { get; } = new();

    /// <summary>The session's one <typeparamref name="T"/> (a type's API login, say), made on first use.</summary>
    public T Scoped<T>(Func<RemoteSession, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return (T)_scoped.GetOrAdd(typeof(T), static (_, state) => state.create(state.session), (create, session: this));
    }

    public override string ToString() => $"RemoteSession {{ Endpoint = {Endpoint.Name} }}";
}

/// <summary>
/// One registry type's differences from plain distribution: where its <c>/v2</c> API is, how repository names map,
/// where the credential comes from, how repositories are listed, and what a push needs prepared. The defaults are
/// plain distribution's.
/// </summary>
public abstract class RegistryTypeRules
{
    public abstract string Type { get; }

    /// <summary>The registry root the distribution API is under.</summary>
    public virtual Uri RegistryRoot(RegistryEndpoint endpoint, RemoteRegistryContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Root(endpoint.Url);
    }

    /// <summary>The repository's name at the remote (e.g. Docker Hub's <c>library/</c> for official images).</summary>
    public virtual string RemoteName(string repository) => repository;

    /// <summary>The credential source for this endpoint (basic from the key and secret, by default).</summary>
    public virtual IRegistryCredentialSource Credentials(RegistryEndpoint endpoint, RegistryCredential? credential, RemoteRegistryContext context) =>
        credential is { AccessKey: { Length: > 0 } key } ? new StaticCredentialSource(new BasicCredential(key, credential.AccessSecret ?? string.Empty))
        : StaticCredentialSource.Anonymous;

    /// <summary>
    /// Every repository (as far as <paramref name="hint"/> says they can matter, where the registry cannot list them
    /// all), through the catalog by default.
    /// </summary>
    public virtual IAsyncEnumerable<string> ListRepositoriesAsync(RemoteSession session, RepositoryListingHint hint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Catalog.ListAsync(session.Connection, cancellationToken);
    }

    /// <summary>The token scopes a tag listing asks for (pull, by default).</summary>
    public virtual IReadOnlyList<string> TagListScopes(string name) => [$"repository:{name}:pull"];

    /// <summary>Makes pushes to <paramref name="repository"/> possible; nothing to do by default.</summary>
    public virtual Task PrepareRepositoryAsync(RemoteSession session, string repository, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Deletes what a replicated deletion names through the hosted service's own API, where the type has one: the
    /// <paramref name="tags"/>, or the manifest <paramref name="digest"/> when no tag is named. Answers whether something
    /// was deleted, or null when the type deletes through the distribution API (the default).
    /// </summary>
    public virtual Task<bool?> DeleteAsync(
        RemoteSession session, string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        Task.FromResult<bool?>(null);

    /// <summary>The scheme and authority of a URL (a path is not where the distribution API lives).</summary>
    public static Uri Root(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OciRegistryException($"the endpoint URL is not an http(s) URL", null, transient: false);
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}

/// <summary>The distribution catalog, paged by <c>n</c> and the <c>Link</c> header.</summary>
public static class Catalog
{
    public static async IAsyncEnumerable<string> ListAsync(RegistryConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Uri? page = connection.V2($"_catalog?n={connection.Options.PageSize}");
        while (page is not null)
        {
            var (names, next) = await PageAsync(connection, page, cancellationToken);
            foreach (var name in names)
            {
                yield return name;
            }

            page = next;
        }
    }

    /// <summary>One page of the catalog and the next page's URL.</summary>
    public static async Task<(IReadOnlyList<string> Names, Uri? Next)> PageAsync(RegistryConnection connection, Uri page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        const string operation = "GET /v2/_catalog";
        using var response = await connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, page), ["registry:catalog:*"], operation, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await connection.FailureAsync(response, operation, cancellationToken);
        }

        var body = await OciJson.ReadAsync(response, OciJson.Default.CatalogPage, operation, cancellationToken);
        var next = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links, page) : null;
        return (body?.Repositories ?? [], next);
    }
}
