using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// The OSV database in use. Two sources compete and the one written most recently wins: the folder or zip named by
/// <see cref="ScanningOptions.OsvDatabasePath"/>, and the copy the last import left under the data directory
/// (<c>&lt;DataPath&gt;/scanning/osv/imported.zip</c> or <c>imported/</c>), so an import survives a restart and a
/// later change of the configured path replaces it again. <see cref="RefreshAsync"/> (polled by
/// <see cref="OsvDatabaseWatcher"/>) loads a source whose newest write time changed; a source that fails to load is
/// logged and leaves the current database in place. With neither source the database is empty (version "empty").
/// <see cref="Changed"/> is raised after the database is replaced by one of another version.
/// </summary>
public sealed class OsvDatabaseProvider : IVulnerabilityDatabaseProvider, IDisposable
{
    /// <summary>The largest zip an import accepts.</summary>
    public const long MaxImportBytes = 16L * 1024 * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string? _configuredPath;
    private readonly string _importFolder;
    private readonly ILogger<OsvDatabaseProvider> _logger;
    private volatile OsvDatabase _current = OsvDatabase.Empty;
    private SourceStamp? _loaded;
    private SourceStamp? _failed;

    public OsvDatabaseProvider(IOptions<ScanningOptions> scanning, IOptions<ArtifactKeeperOptions> artifactKeeper, ILogger<OsvDatabaseProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(scanning);
        ArgumentNullException.ThrowIfNull(artifactKeeper);
        var configured = scanning.Value.OsvDatabasePath;
        _configuredPath = string.IsNullOrWhiteSpace(configured) ? null : Path.GetFullPath(configured);
        _importFolder = Path.Combine(artifactKeeper.Value.FullDataPath, "scanning", "osv");
        _logger = logger;
    }

    public IVulnerabilityDatabase Current => _current;

    /// <summary>The current database with its load statistics.</summary>
    public OsvDatabase Database => _current;

    /// <summary>Where the current database was loaded from; null when it is the empty one.</summary>
    public string? Source => _loaded?.Path;

    public event EventHandler? Changed;

    private string ImportedZip => Path.Combine(_importFolder, "imported.zip");

    private string ImportedFolder => Path.Combine(_importFolder, "imported");

    private string FollowedStampFile => Path.Combine(_importFolder, "followed-request");

    /// <summary>Loads the newest source when it differs from the one in use; true when the database was replaced.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var newest = NewestSource();
            if (newest == _loaded || (newest is not null && newest == _failed))
            {
                return false;
            }

            if (newest is null)
            {
                return Swap(OsvDatabase.Empty, null);
            }

            try
            {
                var database = await Task.Run(() => OsvDatabaseLoader.Load(newest.Path, cancellationToken), cancellationToken);
                return Swap(database, newest);
            }
            catch (Exception ex) when (ex is OsvDatabaseException or IOException or UnauthorizedAccessException)
            {
                _failed = newest;
                _logger.LogWarning(ex, "The OSV database at {Path} could not be loaded; keeping version {Version}", newest.Path, _current.Version);
                return false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces the database with the zip in <paramref name="zip"/>, kept under the data directory. Refused with
    /// <see cref="OsvDatabaseException"/>, changing nothing, when it is not a zip, is too large or holds no OSV record.
    /// </summary>
    public async Task<OsvDatabase> ImportAsync(Stream zip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zip);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await ImportZipAsync(zip, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replaces the database with a copy of the folder (or zip file) at <paramref name="path"/>; refused as above.</summary>
    public async Task<OsvDatabase> ImportAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(path))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                return await ImportZipAsync(stream, cancellationToken);
            }

            if (!Directory.Exists(path))
            {
                throw new OsvDatabaseException($"'{path}' is neither a folder nor a zip file.");
            }

            return await ImportFolderAsync(path, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Carries out an import request of the cluster (<see cref="OsvImportRequest.Stamp"/>) unless this process already
    /// did: imports the zip <paramref name="open"/> gives, as <see cref="ImportAsync(Stream, CancellationToken)"/>
    /// does, and remembers the stamp beside the imported copy, so a restart does not import it again and an import of
    /// another kind made since is not undone. Null when the request was carried out before.
    /// </summary>
    public async Task<OsvDatabase?> FollowAsync(string stamp, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stamp);
        ArgumentNullException.ThrowIfNull(open);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(FollowedStampFile) && await File.ReadAllTextAsync(FollowedStampFile, cancellationToken) == stamp)
            {
                return null;
            }

            OsvDatabase database;
            await using (var zip = await open(cancellationToken))
            {
                database = await ImportZipAsync(zip, cancellationToken);
            }

            await File.WriteAllTextAsync(FollowedStampFile, stamp, cancellationToken);
            return database;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Loads the zip in <paramref name="zip"/> from a temporary copy without putting it in use, refused as an import
    /// would be: where a process holds no database (a gateway of a cluster), what an import request is checked with.
    /// </summary>
    public static async Task<OsvDatabase> CheckImportAsync(Stream zip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var incoming = Path.Combine(Path.GetTempPath(), "ak-osv-check-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            await using (var copy = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await CopyLimitedAsync(zip, copy, cancellationToken);
            }

            return await LoadImportAsync(incoming, cancellationToken);
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<OsvDatabase> ImportZipAsync(Stream zip, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_importFolder);
        var incoming = Path.Combine(_importFolder, "incoming-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            await using (var copy = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await CopyLimitedAsync(zip, copy, cancellationToken);
            }

            var database = await LoadImportAsync(incoming, cancellationToken);
            DeleteImported();
            File.Move(incoming, ImportedZip, overwrite: true);
            File.SetLastWriteTimeUtc(ImportedZip, DateTime.UtcNow);
            Swap(database, Stamp(ImportedZip));
            return database;
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    private async Task<OsvDatabase> ImportFolderAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_importFolder);
        var incoming = Path.Combine(_importFolder, "incoming-" + Guid.NewGuid().ToString("N"));
        try
        {
            await Task.Run(() => CopyFolder(Path.GetFullPath(folder), incoming, cancellationToken), cancellationToken);
            var database = await LoadImportAsync(incoming, cancellationToken);
            DeleteImported();
            Directory.Move(incoming, ImportedFolder);
            Directory.SetLastWriteTimeUtc(ImportedFolder, DateTime.UtcNow);
            Swap(database, Stamp(ImportedFolder));
            return database;
        }
        finally
        {
            if (Directory.Exists(incoming))
            {
                Directory.Delete(incoming, recursive: true);
            }
        }
    }

    private static async Task<OsvDatabase> LoadImportAsync(string path, CancellationToken cancellationToken)
    {
        var database = await Task.Run(() => OsvDatabaseLoader.Load(path, cancellationToken), cancellationToken);
        if (database.RecordCount == 0)
        {
            var problems = database.Statistics.Problems.Count == 0 ? "" : " (" + string.Join("; ", database.Statistics.Problems) + ")";
            throw new OsvDatabaseException($"The import holds no OSV record: {database.Statistics.Documents} JSON documents read, {database.Statistics.Invalid} unreadable{problems}.");
        }

        return database;
    }

    private static async Task CopyLimitedAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxImportBytes)
            {
                throw new OsvDatabaseException($"The import is larger than {MaxImportBytes} bytes.");
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static void CopyFolder(string source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(source, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private void DeleteImported()
    {
        if (File.Exists(ImportedZip))
        {
            File.Delete(ImportedZip);
        }

        if (Directory.Exists(ImportedFolder))
        {
            Directory.Delete(ImportedFolder, recursive: true);
        }
    }

    private bool Swap(OsvDatabase database, SourceStamp? source)
    {
        var previous = _current;
        _current = database;
        _loaded = source;
        _failed = null;
        var statistics = database.Statistics;
        _logger.LogInformation(
            "OSV database from {Source}: {Records} records, version {Version} ({Documents} documents, {Duplicates} duplicates, {Withdrawn} withdrawn, {Invalid} unreadable skipped)",
            source?.Path ?? "(none)", database.RecordCount, database.Version, statistics.Documents, statistics.Duplicates, statistics.Withdrawn, statistics.Invalid);
        foreach (var problem in statistics.Problems)
        {
            _logger.LogWarning("OSV document skipped: {Problem}", problem);
        }

        if (string.Equals(previous.Version, database.Version, StringComparison.Ordinal))
        {
            return false;
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>The configured path or the imported copy, whichever was written last (the import on a tie).</summary>
    private SourceStamp? NewestSource()
    {
        var configured = _configuredPath is null ? null : Stamp(_configuredPath);
        var imported = Stamp(ImportedZip) ?? Stamp(ImportedFolder);
        if (configured is null)
        {
            return imported;
        }

        return imported is not null && imported.NewestWrite >= configured.NewestWrite ? imported : configured;
    }

    /// <summary>The newest write time of a file, or of a folder and everything in it; null when absent.</summary>
    private static SourceStamp? Stamp(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                return new SourceStamp(path, File.GetLastWriteTimeUtc(path));
            }

            if (!Directory.Exists(path))
            {
                return null;
            }

            var newest = Directory.GetLastWriteTimeUtc(path);
            var folder = new DirectoryInfo(path);
            foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            {
                if (entry.LastWriteTimeUtc > newest)
                {
                    newest = entry.LastWriteTimeUtc;
                }
            }

            return new SourceStamp(path, newest);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record SourceStamp(string Path, DateTime NewestWrite);
}
