using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Configuration;

/// <summary>
/// The configuration values set through the API, read from the settings table shared by every gateway. A gateway keeps
/// them for <see cref="CacheLifetime"/>, so a change made on another gateway applies within that time and one made here
/// at once, without a restart.
/// </summary>
public sealed class SystemSettings(
    IConfigurationMetadata store, IOptions<ProjectOptions> projectOptions, IOptions<QuotaOptions> quotaOptions, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private volatile Cached? _cached;

    public async ValueTask<EditableSettings> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } cached && now - cached.At < CacheLifetime)
        {
            return cached.Settings;
        }

        var stored = await store.ListSettingsAsync(EditableSettings.Prefix, cancellationToken);
        var settings = EditableSettings.FromStored(stored, projectOptions.Value.CreationRestriction, quotaOptions.Value.DefaultStorageLimit);
        _cached = new Cached(settings, now);
        return settings;
    }

    /// <summary>Stores <paramref name="changes"/> (settings-table keys) in one transaction; the next read sees them.</summary>
    public async Task SaveAsync(IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count > 0)
        {
            await store.PutSettingsAsync(changes, cancellationToken);
        }

        _cached = null;
    }

    private sealed record Cached(EditableSettings Settings, DateTimeOffset At);
}
