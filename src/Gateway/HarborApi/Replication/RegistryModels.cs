using System.Text.Json.Serialization;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// Harbor's <c>Registry</c> as answered. The secret never leaves: <c>access_secret</c> is Harbor's mask when one is
/// stored and absent otherwise; <c>credential</c> is empty when the endpoint has no access key, as in Harbor.
/// </summary>
public sealed record RegistryModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("insecure")] bool Insecure,
    [property: JsonPropertyName("credential")] RegistryCredentialModel Credential,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime)
{
    /// <summary>What Harbor shows in place of a stored secret.</summary>
    public const string SecretMask = "*****";

    public static RegistryModel From(RegistryEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var credential = endpoint.AccessKey is null
            ? new RegistryCredentialModel(null, null, null)
            : new RegistryCredentialModel(endpoint.CredentialType, endpoint.AccessKey, endpoint.HasSecret ? SecretMask : null);
        return new(
            endpoint.Id, endpoint.Name, endpoint.Type, endpoint.Url, endpoint.Description, endpoint.Insecure, credential, endpoint.Status,
            endpoint.CreationTime.UtcDateTime, endpoint.UpdateTime.UtcDateTime);
    }
}

/// <summary>Harbor's <c>RegistryCredential</c>, in requests (the secret in the clear) and answers (masked).</summary>
public sealed record RegistryCredentialModel(
    [property: JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    [property: JsonPropertyName("access_key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessKey,
    [property: JsonPropertyName("access_secret"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessSecret)
{
    public override string ToString() => $"RegistryCredentialModel {{ Type = {Type}, AccessKey = {AccessKey} }}";
}

/// <summary>Harbor's <c>Registry</c> as a create request.</summary>
public sealed record RegistryReq(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("insecure")] bool? Insecure,
    [property: JsonPropertyName("credential")] RegistryCredentialModel? Credential,
    [property: JsonPropertyName("ca_certificate")] string? CaCertificate);

/// <summary>Harbor's <c>RegistryUpdate</c>: every field optional, an omitted one stays as stored.</summary>
public sealed record RegistryUpdateReq(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("credential_type")] string? CredentialType,
    [property: JsonPropertyName("access_key")] string? AccessKey,
    [property: JsonPropertyName("access_secret")] string? AccessSecret,
    [property: JsonPropertyName("insecure")] bool? Insecure,
    [property: JsonPropertyName("ca_certificate")] string? CaCertificate)
{
    public override string ToString() => $"RegistryUpdateReq {{ Name = {Name}, Url = {Url}, AccessKey = {AccessKey} }}";
}

/// <summary>Harbor's <c>RegistryPing</c>: a stored endpoint by id (credential and type may be overridden), or a whole unsaved one.</summary>
public sealed record RegistryPingReq(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("credential_type")] string? CredentialType,
    [property: JsonPropertyName("access_key")] string? AccessKey,
    [property: JsonPropertyName("access_secret")] string? AccessSecret,
    [property: JsonPropertyName("insecure")] bool? Insecure,
    [property: JsonPropertyName("ca_certificate")] string? CaCertificate)
{
    /// <summary>True when the ping is about a stored endpoint exactly as stored, so its outcome is that endpoint's status.</summary>
    public bool IsStoredAsIs => Id is not null && Type is null && CredentialType is null && AccessKey is null && AccessSecret is null;

    public override string ToString() => $"RegistryPingReq {{ Id = {Id}, Type = {Type}, Url = {Url}, AccessKey = {AccessKey} }}";
}

/// <summary>Harbor's <c>RegistryInfo</c>; <c>supported_copy_by_chunk</c> only appears when true, as in Harbor.</summary>
public sealed record RegistryInfoModel(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("supported_resource_filters")] IReadOnlyList<FilterStyleModel> SupportedResourceFilters,
    [property: JsonPropertyName("supported_triggers")] IReadOnlyList<string> SupportedTriggers,
    [property: JsonPropertyName("supported_copy_by_chunk"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? SupportedCopyByChunk);

/// <summary>Harbor's <c>FilterStyle</c>.</summary>
public sealed record FilterStyleModel(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("style")] string Style,
    [property: JsonPropertyName("values")] IReadOnlyList<string> Values);

/// <summary>
/// Harbor's <c>RegistryProviderInfo</c> (one value of <c>/replication/adapterinfos</c>): a fixed endpoint for hosted
/// services, nothing for types that take any URL. No credential pattern: every type takes a key and a secret.
/// </summary>
public sealed record RegistryProviderInfoModel(
    [property: JsonPropertyName("endpoint_pattern"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EndpointPatternModel? EndpointPattern);

/// <summary>Harbor's <c>RegistryProviderEndpointPattern</c>.</summary>
public sealed record EndpointPatternModel(
    [property: JsonPropertyName("endpoint_type")] string EndpointType,
    [property: JsonPropertyName("endpoints")] IReadOnlyList<EndpointModel> Endpoints);

/// <summary>Harbor's <c>RegistryEndpoint</c> (a key and URL of an endpoint pattern).</summary>
public sealed record EndpointModel(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);
