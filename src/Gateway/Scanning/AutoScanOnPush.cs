using System.Text.Json;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Engine;

namespace ArtifactKeeper.Scanning.Gateway;

/// <summary>
/// Scan on push: after a manifest PUT succeeded, an image or index pushed into a project with metadata
/// <c>auto_scan</c> = true is handed to its scan grain. Signatures, SBOMs and other accessories (a manifest with a
/// subject) are not scanned. Fire-and-forget: it never slows or fails the push; a failure is only logged.
/// </summary>
public sealed class AutoScanOnPush(IGrainFactory grains, ProjectDirectory projects, ILogger<AutoScanOnPush> logger)
{
    public const string MetadataKey = "auto_scan";

    public void ManifestPushed(string repository, string digest, string? contentType, byte[] manifest, string pusher)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _ = Task.Run(() => RequestAsync(repository, digest, contentType, manifest, pusher));
    }

    private async Task RequestAsync(string repository, string digest, string? contentType, byte[] manifest, string pusher)
    {
        try
        {
            var (mediaType, hasSubject) = Read(contentType, manifest);
            if (hasSubject || mediaType is null || !ScanTargetClassifier.Classify(mediaType, manifest).IsImage)
            {
                return;
            }

            var project = await projects.FindAsync(RegistryKeys.ProjectOf(repository));
            if (project is null || !project.Metadata.TryGetValue(MetadataKey, out var autoScan) || !string.Equals(autoScan, "true", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            await grains.GetGrain<IScanGrain>(digest).RequestAsync(new ScanRequest(repository, mediaType, null, Force: false, pusher));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Scan on push of {Repository}@{Digest} could not be requested", repository, digest);
        }
    }

    /// <summary>The manifest's media type (its own field, else the request's Content-Type) and whether it has a subject.</summary>
    private static (string? MediaType, bool HasSubject) Read(string? contentType, byte[] manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, false);
            }

            var own = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var header = contentType?.Split(';', 2)[0].Trim();
            return (own ?? (string.IsNullOrEmpty(header) ? null : header), root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}
