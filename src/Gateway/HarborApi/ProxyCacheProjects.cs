using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's rules for creating a proxy-cache project (<c>registry_id</c> in ProjectReq): only a system administrator
/// may (403), the id must be positive and name a stored registry endpoint of a type that can be proxied (400). The
/// endpoint store is resolved on use: it belongs to the registry-endpoints feature, registered with it.
/// </summary>
public sealed class ProxyCacheProjects(IServiceProvider services)
{
    /// <summary>
    /// The types a project may pull through: Harbor's default permitted list (its installer's
    /// PERMITTED_REGISTRY_TYPES_FOR_PROXY_CACHE: no Quay), and another instance of this registry, which speaks as Harbor.
    /// </summary>
    public static IReadOnlySet<string> ProxyTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        RegistryEndpointTypes.ArtifactKeeper, RegistryEndpointTypes.Harbor, RegistryEndpointTypes.DockerRegistry, RegistryEndpointTypes.DockerHub,
        RegistryEndpointTypes.GithubGhcr, RegistryEndpointTypes.AwsEcr, RegistryEndpointTypes.GoogleGcr, RegistryEndpointTypes.AzureAcr,
    };

    /// <summary>The refusal to answer, or null when <paramref name="registryId"/> is absent or acceptable.</summary>
    public async Task<IResult?> CheckAsync(long? registryId, UserInfo user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (registryId is not { } id)
        {
            return null;
        }

        if (!user.IsAdmin)
        {
            return HarborErrorResult.From(RegistryError.Denied, "Only system admin can create proxy cache project");
        }

        if (id <= 0)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"{id} is invalid value of registry_id, it should be greater than 0"));
        }

        // Without the endpoints store (a build without registry endpoints) no endpoint exists.
        var endpoints = services.GetService<IRegistryEndpointMetadata>();
        if (endpoints is null || await endpoints.GetRegistryEndpointAsync(id, cancellationToken) is not { } record)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"registry {id} not found"));
        }

        return ProxyTypes.Contains(record.Endpoint.Type)
            ? null
            : HarborErrorResult.From(RegistryError.BadRequest, $"unsupported registry type {record.Endpoint.Type}");
    }
}
