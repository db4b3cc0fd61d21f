using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Harbor and ArtifactKeeper: repositories live in projects. A push first creates the project when it is missing
/// (<c>HEAD /api/v2.0/projects?project_name=</c>, then <c>POST /api/v2.0/projects</c>); the catalog is for system
/// administrators only, so when it is refused repositories are listed project by project through <c>/api/v2.0</c>.
/// </summary>
public sealed class HarborRules(string type) : RegistryTypeRules
{
    private const string Api = "/api/v2.0";

    public override string Type => type;

    public override async IAsyncEnumerable<string> ListRepositoriesAsync(RemoteSession session, RepositoryListingHint hint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var connection = session.Connection;
        IReadOnlyList<string>? first = null;
        Uri? next = null;
        try
        {
            (first, next) = await Catalog.PageAsync(connection, connection.V2($"_catalog?n={connection.Options.PageSize}"), cancellationToken);
        }
        catch (OciRegistryException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // Not a system administrator: fall through to the project listing.
        }

        if (first is not null)
        {
            foreach (var name in first)
            {
                yield return name;
            }

            while (next is not null)
            {
                (first, next) = await Catalog.PageAsync(connection, next, cancellationToken);
                foreach (var name in first)
                {
                    yield return name;
                }
            }

            yield break;
        }

        await foreach (var project in PagedAsync(connection, $"{Api}/projects", OciJson.Default.ListHarborProjectEntry, cancellationToken))
        {
            if (string.IsNullOrEmpty(project.Name))
            {
                continue;
            }

            var repositories = PagedAsync(connection, $"{Api}/projects/{Uri.EscapeDataString(project.Name)}/repositories", OciJson.Default.ListHarborRepositoryEntry, cancellationToken);
            await foreach (var repository in repositories)
            {
                if (!string.IsNullOrEmpty(repository.Name))
                {
                    yield return repository.Name;
                }
            }
        }
    }

    /// <summary>The project check (and creation) is made once per project per session: one execution's tasks share one.</summary>
    public override Task PrepareRepositoryAsync(RemoteSession session, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return Task.CompletedTask;
        }

        var project = repository[..slash];
        return session.Prepared.RunAsync("harbor-project:" + project, ct => EnsureProjectAsync(session.Connection, project, ct), cancellationToken);
    }

    private static async Task EnsureProjectAsync(RegistryConnection connection, string project, CancellationToken cancellationToken)
    {
        const string check = "HEAD /api/v2.0/projects";
        using (var exists = await connection.SendApiAsync(
            new HttpRequestMessage(HttpMethod.Head, new Uri(connection.Registry, $"{Api}/projects?project_name={Uri.EscapeDataString(project)}")), check, cancellationToken))
        {
            if (exists.IsSuccessStatusCode)
            {
                return;
            }

            if (exists.StatusCode != HttpStatusCode.NotFound)
            {
                throw await connection.FailureAsync(exists, check, cancellationToken);
            }
        }

        const string create = "POST /api/v2.0/projects";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(connection.Registry, $"{Api}/projects"))
        {
            Content = JsonContent.Create(
                new HarborProjectRequest(project, new Dictionary<string, string>(StringComparer.Ordinal) { ["public"] = "false" }),
                OciJson.Default.HarborProjectRequest),
        };
        using var created = await connection.SendApiAsync(request, create, cancellationToken);

        // 409: created meanwhile by a concurrent push; just as good.
        if (!created.IsSuccessStatusCode && created.StatusCode != HttpStatusCode.Conflict)
        {
            throw await connection.FailureAsync(created, create, cancellationToken);
        }
    }

    private static async IAsyncEnumerable<T> PagedAsync<T>(
        RegistryConnection connection, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> type,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var size = Math.Min(connection.Options.PageSize, 100);
        for (var page = 1; ; page++)
        {
            var operation = "GET " + path;
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Registry, $"{path}?page={page}&page_size={size}"));
            using var response = await connection.SendApiAsync(request, operation, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await connection.FailureAsync(response, operation, cancellationToken);
            }

            var items = await OciJson.ReadAsync(response, type, operation, cancellationToken) ?? [];
            foreach (var item in items)
            {
                yield return item;
            }

            if (items.Count < size)
            {
                yield break;
            }
        }
    }
}
