using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>An adapter of <see cref="IRegistryAdapterCatalog"/> in Harbor's shapes: <c>RegistryInfo</c> and <c>RegistryProviderInfo</c>.</summary>
public static class RegistryAdapterViews
{
    public const string ResourceFilter = "resource";

    /// <summary>
    /// Harbor's info of a registry: the adapter's filters with the style Harbor's UI renders them in, and always the
    /// resource filter as a radio choice (Harbor merges the resource types into it the same way).
    /// </summary>
    public static RegistryInfoModel Info(RegistryAdapterInfo adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var filters = adapter.SupportedResourceFilters
            .Where(f => f != ResourceFilter)
            .Select(f => new FilterStyleModel(f, f == "label" ? "list" : "input", []))
            .Append(new FilterStyleModel(ResourceFilter, "radio", [ResourceType(adapter.Type)]))
            .ToList();
        return new RegistryInfoModel(
            adapter.Type, adapter.Description, filters, adapter.SupportedTriggers, adapter.SupportsCopyByChunk ? true : null);
    }

    /// <summary>A hosted service's fixed endpoint (key = its host), as Harbor's UI offers it; nothing for types that take any URL.</summary>
    public static RegistryProviderInfoModel ProviderInfo(RegistryAdapterInfo adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        if (adapter.DefaultUrl is null || !Uri.TryCreate(adapter.DefaultUrl, UriKind.Absolute, out var url))
        {
            return new RegistryProviderInfoModel(null);
        }

        return new RegistryProviderInfoModel(new EndpointPatternModel("EndpointPatternTypeFix", [new EndpointModel(url.Host, adapter.DefaultUrl)]));
    }

    /// <summary>Registries that hold any OCI artifact offer "artifact"; plain image registries "image" (Harbor's words).</summary>
    private static string ResourceType(string type) =>
        type is RegistryEndpointTypes.ArtifactKeeper or RegistryEndpointTypes.Harbor ? "artifact" : "image";
}
