using System.Text.Json;
using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>GC mark queries and the GC history.</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly GcSql Gc = new('$');

    public Task<GcInventory> CountGcInventoryAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, GcSql.CountInventory);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new GcInventory(reader.GetInt64(0), reader.GetInt64(1));
            },
            cancellationToken);

    public Task<IReadOnlyList<BlobLink>> ListUnreferencedLinksAsync(DateTimeOffset touchedBefore, BlobLink? after, int limit, CancellationToken cancellationToken) =>
        ReadListAsync(
            Gc.UnreferencedLinks,
            r => new BlobLink(r.GetString(0), r.GetString(1)),
            cancellationToken,
            ("$touchedBefore", ToUnixMs(touchedBefore)),
            ("$afterDigest", after?.Digest ?? string.Empty),
            ("$afterRepository", after?.Repository ?? string.Empty),
            ("$limit", limit));

    public Task<IReadOnlyList<BlobLink>> ListUnlinkedReferencesAsync(BlobLink? after, int limit, CancellationToken cancellationToken) =>
        ReadListAsync(
            Gc.UnlinkedReferences,
            r => new BlobLink(r.GetString(0), r.GetString(1)),
            cancellationToken,
            ("$afterDigest", after?.Digest ?? string.Empty),
            ("$afterRepository", after?.Repository ?? string.Empty),
            ("$limit", limit));

    public Task<IReadOnlyList<GcCandidate>> ListUnlinkedBlobsAsync(DateTimeOffset touchedBefore, string? afterDigest, int limit, CancellationToken cancellationToken) =>
        ReadListAsync(
            Gc.UnlinkedBlobs,
            r => new GcCandidate(r.GetString(0), r.GetInt64(1), (BlobState)r.GetInt32(2)),
            cancellationToken,
            ("$touchedBefore", ToUnixMs(touchedBefore)),
            ("$afterDigest", afterDigest ?? string.Empty),
            ("$limit", limit));

    public Task<IReadOnlyList<string>> ListRepositoriesWithUntaggedAsync(DateTimeOffset pushedBefore, string? after, int limit, CancellationToken cancellationToken) =>
        ReadListAsync(
            Gc.RepositoriesWithUntagged,
            r => r.GetString(0),
            cancellationToken,
            ("$pushedBefore", ToUnixMs(pushedBefore)),
            ("$after", after ?? string.Empty),
            ("$limit", limit));

    /// <remarks>Set-based: the digests travel as one JSON array.</remarks>
    public Task<IReadOnlyList<string>> ListKnownBlobsAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return digests.Count == 0
            ? Task.FromResult<IReadOnlyList<string>>([])
            : ReadListAsync(
                "SELECT digest FROM blobs WHERE digest IN (SELECT value FROM json_each($digests));",
                r => r.GetString(0),
                cancellationToken,
                ("$digests", JsonSerializer.Serialize(digests)));
    }

    public Task<GcRun> CreateGcRunAsync(string trigger, GcParameters parameters, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        ArgumentNullException.ThrowIfNull(parameters);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    Gc.CreateRun,
                    ("$kind", trigger),
                    ("$parameters", GcRunRows.ParametersJson(parameters)),
                    ("$status", (int)GcJobStatus.Pending),
                    ("$figures", GcRunRows.FiguresJson(GcFigures.Zero)),
                    ("$at", ToUnixMs(at)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return GcRunRows.Read(reader);
            },
            cancellationToken);
    }

    public Task UpdateGcRunAsync(long id, GcJobStatus status, GcFigures figures, string? appendLog, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                Gc.UpdateRun,
                cancellationToken,
                ("$id", id),
                ("$status", (int)status),
                ("$figures", GcRunRows.FiguresJson(figures)),
                ("$log", appendLog ?? string.Empty),
                ("$at", ToUnixMs(at))),
            cancellationToken);
    }

    public async Task<GcRun?> GetGcRunAsync(long id, CancellationToken cancellationToken) =>
        (await ListAsync(Gc.GetRun, GcRunRows.Read, cancellationToken, ("$id", id))).FirstOrDefault();

    public async Task<string?> GetGcRunLogAsync(long id, CancellationToken cancellationToken) =>
        (await ListAsync(Gc.GetRunLog, r => r.GetString(0), cancellationToken, ("$id", id))).FirstOrDefault();

    public async Task<(IReadOnlyList<GcRun> Runs, long Total)> ListGcRunsAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        var runs = await ReadListAsync(Gc.ListRuns, GcRunRows.Read, cancellationToken, ("$limit", limit), ("$offset", offset));
        var total = (await ReadListAsync(GcSql.CountRuns, r => r.GetInt64(0), cancellationToken))[0];
        return (runs, total);
    }

    public Task<int> FailUnfinishedGcRunsAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                Gc.FailUnfinishedRuns,
                cancellationToken,
                ("$status", (int)GcJobStatus.Error),
                ("$log", reason + "\n"),
                ("$at", ToUnixMs(at)),
                ("$pending", (int)GcJobStatus.Pending),
                ("$running", (int)GcJobStatus.Running)),
            cancellationToken);
}
