using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's Repository model.</summary>
public sealed record RepositoryModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("artifact_count")] long ArtifactCount,
    [property: JsonPropertyName("pull_count")] long PullCount,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);

/// <summary>The body of <c>PUT /projects/{p}/repositories/{r}</c>: only the description changes.</summary>
public sealed record RepositoryUpdate([property: JsonPropertyName("description")] string? Description);

/// <summary>Harbor's Tag model.</summary>
public sealed record TagModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("repository_id")] long RepositoryId,
    [property: JsonPropertyName("artifact_id")] long ArtifactId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("push_time")] DateTime PushTime,
    [property: JsonPropertyName("pull_time")] DateTime PullTime,
    [property: JsonPropertyName("immutable")] bool Immutable,
    [property: JsonPropertyName("signed")] bool Signed);

/// <summary>The body of <c>POST /artifacts/{reference}/tags</c>.</summary>
public sealed record TagCreate([property: JsonPropertyName("name")] string? Name);

/// <summary>Harbor's Reference model: a child of an index.</summary>
public sealed record ReferenceModel(
    [property: JsonPropertyName("parent_id")] long ParentId,
    [property: JsonPropertyName("child_id")] long ChildId,
    [property: JsonPropertyName("child_digest")] string ChildDigest,
    [property: JsonPropertyName("platform"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Platform,
    [property: JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Annotations,
    [property: JsonPropertyName("urls"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Urls);

/// <summary>Harbor's Accessory model: a signature, SBOM or other referrer of a subject artifact.</summary>
public sealed record AccessoryModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("artifact_id")] long ArtifactId,
    [property: JsonPropertyName("subject_artifact_id")] long SubjectArtifactId,
    [property: JsonPropertyName("subject_artifact_repo")] string SubjectArtifactRepo,
    [property: JsonPropertyName("subject_artifact_digest")] string SubjectArtifactDigest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("icon")] string Icon,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime);

/// <summary>Harbor's AdditionLink.</summary>
public sealed record AdditionLinkModel(
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("absolute")] bool Absolute);

/// <summary>Harbor's Artifact model. Optional parts are left out unless asked for and present, as Harbor omits them.</summary>
public sealed record ArtifactModel
{
    [JsonPropertyName("id")] public required long Id { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("media_type")] public required string MediaType { get; init; }
    [JsonPropertyName("manifest_media_type")] public required string ManifestMediaType { get; init; }
    [JsonPropertyName("artifact_type")] public required string ArtifactType { get; init; }
    [JsonPropertyName("project_id")] public required long ProjectId { get; init; }
    [JsonPropertyName("repository_id")] public required long RepositoryId { get; init; }
    [JsonPropertyName("repository_name")] public required string RepositoryName { get; init; }
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    [JsonPropertyName("size")] public required long Size { get; init; }
    [JsonPropertyName("icon")] public string Icon { get; init; } = string.Empty;
    [JsonPropertyName("push_time")] public required DateTime PushTime { get; init; }
    [JsonPropertyName("pull_time")] public DateTime PullTime { get; init; } = HarborTimes.Never;
    [JsonPropertyName("extra_attrs")] public required IReadOnlyDictionary<string, JsonElement> ExtraAttrs { get; init; }
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("references"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReferenceModel>? References { get; init; }

    [JsonPropertyName("tags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TagModel>? Tags { get; init; }

    [JsonPropertyName("addition_links")] public required IReadOnlyDictionary<string, AdditionLinkModel> AdditionLinks { get; init; }

    [JsonPropertyName("labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LabelModel>? Labels { get; init; }

    [JsonPropertyName("accessories"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AccessoryModel>? Accessories { get; init; }

    /// <summary>With <c>with_signature=true</c>: the artifact's signatures and their verdicts (an extension of Harbor's model).</summary>
    [JsonPropertyName("signatures"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SignatureModel>? Signatures { get; init; }

    /// <summary>With <c>with_scan_overview=true</c>: the newest scan by report mime type; absent when never scanned.</summary>
    [JsonPropertyName("scan_overview"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ScanOverviewModel>? ScanOverview { get; init; }
}

/// <summary>Harbor's time conventions.</summary>
public static class HarborTimes
{
    /// <summary>Go's zero time, which Harbor writes for a pull that never happened.</summary>
    public static readonly DateTime Never = new(0, DateTimeKind.Utc);
}
