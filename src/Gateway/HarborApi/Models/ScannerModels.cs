using System.Text.Json.Serialization;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>
/// Harbor's <c>ScannerRegistration</c>. The access credential is never shown: <c>access_credential</c> is always
/// empty. <c>adapter</c>/<c>vendor</c>/<c>version</c> are known for the built-in scanner; an external adapter's come
/// from <c>GET /scanners/{id}/metadata</c>.
/// </summary>
public sealed record ScannerRegistrationModel(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("is_default")] bool IsDefault,
    [property: JsonPropertyName("auth")] string Auth,
    [property: JsonPropertyName("access_credential")] string AccessCredential,
    [property: JsonPropertyName("skip_certVerify")] bool SkipCertVerify,
    [property: JsonPropertyName("use_internal_addr")] bool UseInternalAddr,
    [property: JsonPropertyName("create_time")] DateTime CreateTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime,
    [property: JsonPropertyName("adapter")] string Adapter,
    [property: JsonPropertyName("vendor")] string Vendor,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("health")] string Health)
{
    public static ScannerRegistrationModel From(ScannerRegistrationRecord r, global::ArtifactKeeper.Scanning.ScannerIdentity? builtIn)
    {
        ArgumentNullException.ThrowIfNull(r);
        var identity = r.IsBuiltIn ? builtIn : null;
        return new(
            r.Uuid, r.Name, r.Description, r.Url, r.Disabled, r.IsDefault, r.Auth, string.Empty, r.SkipCertVerify, r.UseInternalAddr,
            r.CreateTime.UtcDateTime, r.UpdateTime.UtcDateTime, identity?.Name ?? string.Empty, identity?.Vendor ?? string.Empty,
            identity?.Version ?? string.Empty, r.IsBuiltIn ? "healthy" : string.Empty);
    }
}

/// <summary>Harbor's <c>ScannerRegistrationReq</c> (create and update).</summary>
public sealed record ScannerRegistrationReq(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("auth")] string? Auth,
    [property: JsonPropertyName("access_credential")] string? AccessCredential,
    [property: JsonPropertyName("skip_certVerify")] bool? SkipCertVerify,
    [property: JsonPropertyName("use_internal_addr")] bool? UseInternalAddr,
    [property: JsonPropertyName("disabled")] bool? Disabled);

/// <summary>Harbor's <c>ScannerRegistrationSettings</c> (ping).</summary>
public sealed record ScannerRegistrationSettings(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("auth")] string? Auth,
    [property: JsonPropertyName("access_credential")] string? AccessCredential);

/// <summary>Harbor's <c>IsDefault</c> (PATCH) and <c>ProjectScanner</c> (PUT) bodies.</summary>
public sealed record IsDefaultReq([property: JsonPropertyName("is_default")] bool? IsDefault);

public sealed record ProjectScannerReq([property: JsonPropertyName("uuid")] string? Uuid);
