using System.Collections.Concurrent;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Gateway-side cache of project facts needed for every access decision (existence, visibility).
/// Entries live a few seconds: the project grain stays the source of truth, and a hot pull path
/// does not pay a grain call per request. Misses are not cached, so a new project is seen at once.
/// </summary>
public sealed class ProjectDirectory(IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ProjectInfo Project, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public async ValueTask<ProjectInfo?> FindAsync(string name)
    {
        if (_entries.TryGetValue(name, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            return entry.Project;
        }

        var project = await grains.GetGrain<IProjectGrain>(name).GetAsync();
        if (project is null)
        {
            _entries.TryRemove(name, out _);
            return null;
        }

        _entries[name] = (project, clock.GetUtcNow() + Ttl);
        return project;
    }

    public void Forget(string name) => _entries.TryRemove(name, out _);
}
