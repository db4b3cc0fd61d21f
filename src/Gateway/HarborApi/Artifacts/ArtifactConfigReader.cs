using System.Collections.Concurrent;
using System.Text.Json;
using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Reads JSON config blobs (image configs, chart metadata) from the blob store, at most <see cref="MaxConfigBytes"/>
/// each. A config is content-addressed, so a parsed one is kept in a small bounded cache.
/// </summary>
public sealed class ArtifactConfigReader(IBlobStore blobs)
{
    public const int MaxConfigBytes = 1024 * 1024;
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, JsonElement> _cache = new(StringComparer.Ordinal);

    /// <summary>The config's JSON, or null when the blob is missing, too large or not JSON.</summary>
    public async Task<JsonElement?> ReadAsync(string digest, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (_cache.TryGetValue(digest, out var cached))
        {
            return cached;
        }

        if (size > MaxConfigBytes)
        {
            return null;
        }

        await using var stream = await blobs.OpenReadAsync(digest, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxConfigBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            var root = document.RootElement.Clone();
            if (_cache.Count >= Capacity)
            {
                _cache.Clear();
            }

            _cache[digest] = root;
            return root;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
