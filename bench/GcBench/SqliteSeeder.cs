using System.Diagnostics;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// Writes a GC <see cref="BenchShape"/> into an embedded-mode data dir without going through HTTP (see
/// <see cref="SeedDatabase"/>): repositories, tagged manifests with their references, blobs and links in large
/// transactions of prepared statements, and the blob files in <c>FileSystemBlobStore</c>'s layout
/// (<c>blobs/sha256/&lt;2 hex&gt;/&lt;64 hex&gt;</c>). Everything is stamped 30 days old, so no GC window protects it.
/// With no repositories in the shape only the garbage is added (to a data dir a gateway may be running on).
/// </summary>
internal sealed class SqliteSeeder(string dataPath, BenchShape shape, bool filesForReferenced)
{
    private const int RepositoriesPerTransaction = 10;
    private const int GarbagePerTransaction = 20_000;

    private readonly long _at = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();

    public async Task<TimeSpan> SeedAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var database = await SeedDatabase.OpenAsync(dataPath, shape.Repositories > 0 ? shape.Project : null, cancellationToken);
        using var statements = new SeedStatements(database.Connection);

        for (var first = 0; first < shape.Repositories; first += RepositoriesPerTransaction)
        {
            var files = new List<SyntheticBlob>();
            await using (var transaction = await database.Connection.BeginTransactionAsync(cancellationToken))
            {
                statements.Enlist(transaction);
                var ids = await statements.NextIdsAsync(cancellationToken);
                for (var r = first; r < Math.Min(first + RepositoriesPerTransaction, shape.Repositories); r++)
                {
                    await SeedRepositoryAsync(statements, ids, r, files, cancellationToken);
                }

                await statements.SaveIdsAsync(ids, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            database.WriteFiles(files, cancellationToken);
        }

        for (var first = 0; first < shape.Garbage; first += GarbagePerTransaction)
        {
            var files = new List<SyntheticBlob>();
            await using (var transaction = await database.Connection.BeginTransactionAsync(cancellationToken))
            {
                statements.Enlist(transaction);
                for (var i = first; i < Math.Min(first + GarbagePerTransaction, shape.Garbage); i++)
                {
                    var blob = shape.Unreferenced(i);
                    await statements.InsertBlobAsync(blob, _at, cancellationToken);
                    files.Add(blob);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            database.WriteFiles(files, cancellationToken);
        }

        await database.FinishAsync(cancellationToken);
        return stopwatch.Elapsed;
    }

    private async Task SeedRepositoryAsync(SeedStatements statements, SequenceIds ids, int r, List<SyntheticBlob> files, CancellationToken cancellationToken)
    {
        var repository = shape.Repository(r);
        await statements.InsertRepositoryAsync(repository, shape.Project, ++ids.Repository, _at, cancellationToken);
        for (var m = 0; m < shape.ManifestsPerRepository; m++)
        {
            var blobs = shape.BlobsOf(r, m);
            foreach (var blob in blobs)
            {
                await statements.InsertBlobAsync(blob, _at, cancellationToken);
                await statements.LinkAsync(blob, repository, _at, cancellationToken);
            }

            var manifest = SyntheticBlob.Manifest(blobs);
            await statements.InsertManifestAsync(repository, manifest, ++ids.Manifest, _at, cancellationToken);
            foreach (var blob in blobs)
            {
                await statements.ReferenceAsync(repository, manifest, blob, cancellationToken);
            }

            await statements.TagAsync(repository, BenchShape.Tag(m), manifest, ++ids.Tag, _at, cancellationToken);
            if (filesForReferenced)
            {
                files.AddRange(blobs);
            }
        }
    }
}
