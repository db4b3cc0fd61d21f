using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>
/// Harbor's GeneralInfo (<c>GET /systeminfo</c>). Anonymous callers get the first five fields only; the rest (Harbor's
/// "protected" info) is null for them and left out. <c>with_notary</c> and <c>with_chartmuseum</c> are always false:
/// older Harbor clients read them, current Harbor no longer sends them.
/// </summary>
public sealed record GeneralInfoModel(
    [property: JsonPropertyName("auth_mode")] string AuthMode,
    [property: JsonPropertyName("primary_auth_mode")] bool PrimaryAuthMode,
    [property: JsonPropertyName("self_registration")] bool SelfRegistration,
    [property: JsonPropertyName("banner_message")] string BannerMessage,
    [property: JsonPropertyName("oidc_provider_name")] string OidcProviderName)
{
    [JsonPropertyName("current_time"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? CurrentTime { get; init; }

    [JsonPropertyName("registry_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RegistryUrl { get; init; }

    [JsonPropertyName("external_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExternalUrl { get; init; }

    [JsonPropertyName("project_creation_restriction"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProjectCreationRestriction { get; init; }

    [JsonPropertyName("has_ca_root"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HasCaRoot { get; init; }

    [JsonPropertyName("harbor_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HarborVersion { get; init; }

    [JsonPropertyName("registry_storage_provider_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RegistryStorageProviderName { get; init; }

    [JsonPropertyName("read_only"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ReadOnly { get; init; }

    [JsonPropertyName("notification_enable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? NotificationEnable { get; init; }

    [JsonPropertyName("with_notary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? WithNotary { get; init; }

    [JsonPropertyName("with_chartmuseum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? WithChartMuseum { get; init; }
}

/// <summary>Harbor's SystemInfo (<c>GET /systeminfo/volumes</c>).</summary>
public sealed record SystemInfoModel([property: JsonPropertyName("storage")] IReadOnlyList<StorageModel> Storage);

/// <summary>Harbor's Storage: bytes in all and free to use.</summary>
public sealed record StorageModel(
    [property: JsonPropertyName("total")] ulong Total,
    [property: JsonPropertyName("free")] ulong Free);

/// <summary>Harbor's Statistic (<c>GET /statistics</c>); the totals are zero for all but the system admin.</summary>
public sealed record StatisticModel(
    [property: JsonPropertyName("private_project_count")] long PrivateProjectCount,
    [property: JsonPropertyName("private_repo_count")] long PrivateRepoCount,
    [property: JsonPropertyName("public_project_count")] long PublicProjectCount,
    [property: JsonPropertyName("public_repo_count")] long PublicRepoCount,
    [property: JsonPropertyName("total_project_count")] long TotalProjectCount,
    [property: JsonPropertyName("total_repo_count")] long TotalRepoCount,
    [property: JsonPropertyName("total_storage_consumption")] long TotalStorageConsumption);

/// <summary>Harbor's Search (<c>GET /search</c>).</summary>
public sealed record SearchModel(
    [property: JsonPropertyName("project")] IReadOnlyList<ProjectModel> Project,
    [property: JsonPropertyName("repository")] IReadOnlyList<SearchRepositoryModel> Repository);

/// <summary>Harbor's SearchRepository.</summary>
public sealed record SearchRepositoryModel(
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("project_public")] bool ProjectPublic,
    [property: JsonPropertyName("repository_name")] string RepositoryName,
    [property: JsonPropertyName("pull_count")] long PullCount,
    [property: JsonPropertyName("artifact_count")] long ArtifactCount);

/// <summary>One entry of Harbor's ConfigurationsResponse: <c>{"value": ..., "editable": ...}</c>.</summary>
public sealed record ConfigurationValueModel(
    [property: JsonPropertyName("value")] object Value,
    [property: JsonPropertyName("editable")] bool Editable);
