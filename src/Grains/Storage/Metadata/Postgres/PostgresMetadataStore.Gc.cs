using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>GC mark queries and the GC history.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly GcSql Gc = new('@');

    public async Task<GcInventory> CountGcInventoryAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(GcSql.CountInventory, r => new GcInventory(r.GetInt64(0), r.GetInt64(1)), cancellationToken))[0];

    public async Task<IReadOnlyList<BlobLink>> ListUnreferencedLinksAsync(DateTimeOffset touchedBefore, BlobLink? after, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            Gc.UnreferencedLinks,
            r => new BlobLink(r.GetString(0), r.GetString(1)),
            cancellationToken,
            P("touchedBefore", ToUnixMs(touchedBefore)),
            P("afterDigest", after?.Digest ?? string.Empty),
            P("afterRepository", after?.Repository ?? string.Empty),
            P("limit", limit));

    public async Task<IReadOnlyList<BlobLink>> ListUnlinkedReferencesAsync(BlobLink? after, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            Gc.UnlinkedReferences,
            r => new BlobLink(r.GetString(0), r.GetString(1)),
            cancellationToken,
            P("afterDigest", after?.Digest ?? string.Empty),
            P("afterRepository", after?.Repository ?? string.Empty),
            P("limit", limit));

    public async Task<IReadOnlyList<GcCandidate>> ListUnlinkedBlobsAsync(DateTimeOffset touchedBefore, string? afterDigest, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            Gc.UnlinkedBlobs,
            r => new GcCandidate(r.GetString(0), r.GetInt64(1), (BlobState)r.GetInt32(2)),
            cancellationToken,
            P("touchedBefore", ToUnixMs(touchedBefore)),
            P("afterDigest", afterDigest ?? string.Empty),
            P("limit", limit));

    public async Task<IReadOnlyList<string>> ListRepositoriesWithUntaggedAsync(DateTimeOffset pushedBefore, string? after, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            Gc.RepositoriesWithUntagged,
            r => r.GetString(0),
            cancellationToken,
            P("pushedBefore", ToUnixMs(pushedBefore)),
            P("after", after ?? string.Empty),
            P("limit", limit));

    public async Task<IReadOnlyList<string>> ListKnownBlobsAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return digests.Count == 0
            ? []
            : await QueryAsync("SELECT digest FROM blobs WHERE digest = ANY(@digests);", r => r.GetString(0), cancellationToken, P("digests", digests.ToArray()));
    }

    public async Task<GcRun> CreateGcRunAsync(string trigger, GcParameters parameters, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        ArgumentNullException.ThrowIfNull(parameters);
        return (await QueryAsync(
            Gc.CreateRun,
            GcRunRows.Read,
            cancellationToken,
            P("kind", trigger),
            P("parameters", GcRunRows.ParametersJson(parameters)),
            P("status", (int)GcJobStatus.Pending),
            P("figures", GcRunRows.FiguresJson(GcFigures.Zero)),
            P("at", ToUnixMs(at))))[0];
    }

    public Task UpdateGcRunAsync(long id, GcJobStatus status, GcFigures figures, string? appendLog, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return ExecuteAsync(
            Gc.UpdateRun,
            cancellationToken,
            P("id", id),
            P("status", (int)status),
            P("figures", GcRunRows.FiguresJson(figures)),
            P("log", appendLog ?? string.Empty),
            P("at", ToUnixMs(at)));
    }

    public async Task<GcRun?> GetGcRunAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(Gc.GetRun, GcRunRows.Read, cancellationToken, P("id", id))).FirstOrDefault();

    public async Task<string?> GetGcRunLogAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(Gc.GetRunLog, r => r.GetString(0), cancellationToken, P("id", id))).FirstOrDefault();

    public async Task<(IReadOnlyList<GcRun> Runs, long Total)> ListGcRunsAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        var runs = await QueryAsync(Gc.ListRuns, GcRunRows.Read, cancellationToken, P("limit", limit), P("offset", offset));
        var total = (await QueryAsync(GcSql.CountRuns, r => r.GetInt64(0), cancellationToken))[0];
        return (runs, total);
    }

    public Task<int> FailUnfinishedGcRunsAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            Gc.FailUnfinishedRuns,
            cancellationToken,
            P("status", (int)GcJobStatus.Error),
            P("log", reason + "\n"),
            P("at", ToUnixMs(at)),
            P("pending", (int)GcJobStatus.Pending),
            P("running", (int)GcJobStatus.Running));
}
