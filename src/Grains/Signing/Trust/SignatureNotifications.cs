using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Tells a project's content-trust grain that a signature of an artifact came or went, so its cached verdict is
/// dropped. Called by the repository grain after it stored or removed a manifest; a manifest that is no signature
/// costs nothing.
/// </summary>
public static class SignatureNotifications
{
    /// <summary>After a manifest was stored (and tagged <paramref name="tag"/>, if any) or removed in <paramref name="repository"/>.</summary>
    public static Task ManifestChangedAsync(IGrainFactory grains, string repository, string? artifactType, string? subject, string? tag)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return SignatureManifests.SignedSubject(artifactType, subject, tag) is { } signed
            ? grains.GetGrain<IContentTrustGrain>(RegistryKeys.ProjectOf(repository)).SignaturesChangedAsync(repository, signed)
            : Task.CompletedTask;
    }

    /// <summary>After a removal: every tag the manifest carried may have been a cosign signature tag.</summary>
    public static Task ManifestRemovedAsync(IGrainFactory grains, string repository, string? artifactType, string? subject, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var notices = new List<Task> { ManifestChangedAsync(grains, repository, artifactType, subject, null) };
        notices.AddRange(tags.Select(t => ManifestChangedAsync(grains, repository, null, null, t)));
        return Task.WhenAll(notices);
    }
}
