using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>The JSON bodies the remote client reads and writes (distribution, Docker Hub's, Quay's and Harbor's APIs).</summary>
[JsonSerializable(typeof(CatalogPage))]
[JsonSerializable(typeof(TagListPage))]
[JsonSerializable(typeof(ReferrersIndex))]
[JsonSerializable(typeof(HubRepositoryPage))]
[JsonSerializable(typeof(HubLogin))]
[JsonSerializable(typeof(HubLoginAnswer))]
[JsonSerializable(typeof(HubNamespaces))]
[JsonSerializable(typeof(HubOrganizationRequest))]
[JsonSerializable(typeof(QuayRepositoryPage))]
[JsonSerializable(typeof(QuayOrganizationRequest))]
[JsonSerializable(typeof(QuayUser))]
[JsonSerializable(typeof(List<HarborProjectEntry>))]
[JsonSerializable(typeof(List<HarborRepositoryEntry>))]
[JsonSerializable(typeof(HarborProjectRequest))]
internal sealed partial class OciJson : JsonSerializerContext
{
    /// <summary>Reads a JSON body; a body that is not the expected JSON is the registry's fault (not transient).</summary>
    public static async Task<T?> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new OciRegistryException($"{operation} answered JSON this client cannot read", response.StatusCode, transient: false, inner: e);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }
    }
}

internal sealed record CatalogPage([property: JsonPropertyName("repositories")] IReadOnlyList<string>? Repositories);

internal sealed record TagListPage(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

internal sealed record ReferrersIndex(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("manifests")] IReadOnlyList<ReferrerEntry>? Manifests);

internal sealed record ReferrerEntry(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("artifactType")] string? ArtifactType);

internal sealed record HubRepositoryPage(
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("results")] IReadOnlyList<HubRepository>? Results);

internal sealed record HubRepository(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("namespace")] string? Namespace);

internal sealed record HubLogin(
    [property: JsonPropertyName("identifier")] string Identifier,
    [property: JsonPropertyName("secret")] string Secret)
{
    public override string ToString() => $"HubLogin {{ Identifier = {Identifier} }}";
}

internal sealed record HubLoginAnswer([property: JsonPropertyName("access_token")] string? AccessToken);

/// <summary>Hub's new organization (<c>POST /v2/orgs/</c>), named and described by the namespace, as Harbor's adapter does.</summary>
internal sealed record HubOrganizationRequest(
    [property: JsonPropertyName("orgname")] string OrgName,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("company")] string Company);

internal sealed record HubNamespaces([property: JsonPropertyName("namespaces")] IReadOnlyList<string>? Namespaces);

internal sealed record QuayRepositoryPage(
    [property: JsonPropertyName("repositories")] IReadOnlyList<QuayRepository>? Repositories,
    [property: JsonPropertyName("next_page")] string? NextPage);

internal sealed record QuayRepository(
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("name")] string? Name);

/// <summary>Quay's <c>/api/v1/user/</c>: the token's user and the organizations it belongs to.</summary>
internal sealed record QuayUser(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("organizations")] IReadOnlyList<QuayOrganization>? Organizations);

internal sealed record QuayOrganization([property: JsonPropertyName("name")] string? Name);

internal sealed record QuayOrganizationRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email);

internal sealed record HarborProjectEntry([property: JsonPropertyName("name")] string? Name);

internal sealed record HarborRepositoryEntry([property: JsonPropertyName("name")] string? Name);

internal sealed record HarborProjectRequest(
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata);
