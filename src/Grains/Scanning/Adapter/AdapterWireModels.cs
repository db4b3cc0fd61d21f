using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Scanning.Adapter;

// Harbor's pluggable scanner adapter API v1.1, as JSON: the adapter's metadata, a scan request and its answer, the
// error body, and the Harbor vulnerability report. Fields the spec marks optional are nullable; unknown ones are ignored.

/// <summary>The scanner an adapter fronts (<c>scanner</c> in metadata and reports).</summary>
public sealed record AdapterScanner
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("vendor")] public string? Vendor { get; init; }

    [JsonPropertyName("version")] public string? Version { get; init; }

    public static AdapterScanner From(ScannerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new AdapterScanner { Name = identity.Name, Vendor = identity.Vendor, Version = identity.Version };
    }

    public ScannerIdentity ToIdentity() => new(Name ?? "Unknown", Vendor ?? "Unknown", Version ?? "Unknown");
}

/// <summary>One capability: what manifest types the adapter consumes and which report types it produces.</summary>
public sealed record AdapterCapability
{
    /// <summary><c>vulnerability</c> (the default when absent, as in v1.0) or <c>sbom</c>.</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("consumes_mime_types")] public IReadOnlyList<string> ConsumesMimeTypes { get; init; } = [];

    [JsonPropertyName("produces_mime_types")] public IReadOnlyList<string> ProducesMimeTypes { get; init; } = [];

    [JsonPropertyName("additional_attributes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? AdditionalAttributes { get; init; }
}

/// <summary>The answer of <c>GET /api/v1/metadata</c>.</summary>
public sealed record AdapterMetadata
{
    [JsonPropertyName("scanner")] public AdapterScanner? Scanner { get; init; }

    [JsonPropertyName("capabilities")] public IReadOnlyList<AdapterCapability> Capabilities { get; init; } = [];

    [JsonPropertyName("properties")] public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>Where the adapter pulls the artifact from, and the <c>Authorization</c> header value to pull with.</summary>
public sealed record AdapterRegistry
{
    [JsonPropertyName("url")] public string? Url { get; init; }

    [JsonPropertyName("authorization")] public string? Authorization { get; init; }
}

/// <summary>The artifact to scan; <c>tag</c> and <c>mime_type</c> are optional.</summary>
public sealed record AdapterArtifact
{
    [JsonPropertyName("repository")] public string? Repository { get; init; }

    [JsonPropertyName("digest")] public string? Digest { get; init; }

    [JsonPropertyName("tag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tag { get; init; }

    [JsonPropertyName("mime_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }
}

/// <summary>One requested capability of a v1.1 scan request.</summary>
public sealed record AdapterEnabledCapability
{
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("produces_mime_types")] public IReadOnlyList<string> ProducesMimeTypes { get; init; } = [];
}

/// <summary>The body of <c>POST /api/v1/scan</c>.</summary>
public sealed record AdapterScanRequest
{
    [JsonPropertyName("registry")] public AdapterRegistry? Registry { get; init; }

    [JsonPropertyName("artifact")] public AdapterArtifact? Artifact { get; init; }

    [JsonPropertyName("enabled_capabilities")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AdapterEnabledCapability>? EnabledCapabilities { get; init; }
}

/// <summary>The 202 answer of <c>POST /api/v1/scan</c>: the scan request id to poll.</summary>
public sealed record AdapterScanResponse
{
    [JsonPropertyName("id")] public string? Id { get; init; }
}

/// <summary>The adapter's error body: <c>{"error":{"message":...}}</c>.</summary>
public sealed record AdapterErrorResponse
{
    [JsonPropertyName("error")] public AdapterErrorDetail? Error { get; init; }

    public static AdapterErrorResponse Of(string message) => new() { Error = new AdapterErrorDetail { Message = message } };
}

public sealed record AdapterErrorDetail
{
    [JsonPropertyName("message")] public string? Message { get; init; }
}
