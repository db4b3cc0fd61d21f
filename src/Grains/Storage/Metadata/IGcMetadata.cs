using ArtifactKeeper.Gc;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>The GC history: one row per run with its parameters, status, figures and log.</summary>
public interface IGcRunMetadata
{
    /// <summary>Records a new run (status Pending) and answers it with its id.</summary>
    Task<GcRun> CreateGcRunAsync(string trigger, GcParameters parameters, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces status, figures and update time of run <paramref name="id"/>; the log is appended to, never replaced.</summary>
    Task UpdateGcRunAsync(long id, GcJobStatus status, GcFigures figures, string? appendLog, DateTimeOffset at, CancellationToken cancellationToken);

    Task<GcRun?> GetGcRunAsync(long id, CancellationToken cancellationToken);

    /// <summary>The run's log text, or null when there is no such run.</summary>
    Task<string?> GetGcRunLogAsync(long id, CancellationToken cancellationToken);

    /// <summary>Runs newest first, one page, and the total.</summary>
    Task<(IReadOnlyList<GcRun> Runs, long Total)> ListGcRunsAsync(int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Marks runs left Pending or Running by a process that died as Error (called when the collector activates).</summary>
    Task<int> FailUnfinishedGcRunsAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken);
}
