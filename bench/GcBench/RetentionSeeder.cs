using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// The retention shape, seeded like <see cref="SqliteSeeder"/>: <c>repos</c> repositories under <c>project</c>, each
/// with <c>tags</c> artifacts tagged v00001, v00002, … pushed one second apart (the highest newest), every one its own
/// manifest over the repository's one config and one layer (which no deletion frees). Keeping the latest K tags that
/// match v* must leave exactly the K highest.
/// </summary>
internal sealed class RetentionSeeder(string dataPath, string project, int repositories, int tagsPerRepository)
{
    private const int ManifestsPerTransaction = 50_000;

    private readonly long _first = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();

    public string Repository(int r) => string.Create(CultureInfo.InvariantCulture, $"{project}/r{r:D5}");

    public static string Tag(int i) => string.Create(CultureInfo.InvariantCulture, $"v{i:D5}");

    /// <summary>Seeds the data dir; answers the project's id and the time taken.</summary>
    public async Task<(long ProjectId, TimeSpan Elapsed)> SeedAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var database = await SeedDatabase.OpenAsync(dataPath, project, cancellationToken);
        using var statements = new SeedStatements(database.Connection);
        var transaction = await database.Connection.BeginTransactionAsync(cancellationToken);
        statements.Enlist(transaction);
        var ids = await statements.NextIdsAsync(cancellationToken);
        var pending = 0;
        var files = new List<SyntheticBlob>();
        for (var r = 0; r < repositories; r++)
        {
            var repository = Repository(r);
            await statements.InsertRepositoryAsync(repository, project, ++ids.Repository, _first, cancellationToken);
            List<SyntheticBlob> blobs = [SyntheticBlob.Of(repository + "/config"), SyntheticBlob.Of(repository + "/layer")];
            foreach (var blob in blobs)
            {
                await statements.InsertBlobAsync(blob, _first, cancellationToken);
                await statements.LinkAsync(blob, repository, _first, cancellationToken);
            }

            files.AddRange(blobs);
            for (var i = 1; i <= tagsPerRepository; i++)
            {
                var pushedAt = _first + (i * 1000L);
                var manifest = SyntheticBlob.Manifest(blobs, i.ToString(CultureInfo.InvariantCulture));
                await statements.InsertManifestAsync(repository, manifest, ++ids.Manifest, pushedAt, cancellationToken);
                foreach (var blob in blobs)
                {
                    await statements.ReferenceAsync(repository, manifest, blob, cancellationToken);
                }

                await statements.TagAsync(repository, Tag(i), manifest, ++ids.Tag, pushedAt, cancellationToken);
                if (++pending == ManifestsPerTransaction)
                {
                    await statements.SaveIdsAsync(ids, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    await transaction.DisposeAsync();
                    transaction = await database.Connection.BeginTransactionAsync(cancellationToken);
                    statements.Enlist(transaction);
                    pending = 0;
                }
            }
        }

        await statements.SaveIdsAsync(ids, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await transaction.DisposeAsync();
        database.WriteFiles(files, cancellationToken);
        await database.FinishAsync(cancellationToken);
        return (database.ProjectId!.Value, stopwatch.Elapsed);
    }

    /// <summary>Repositories whose tags (and manifests) are not exactly v(N-K+1)..vN after keeping the latest <paramref name="kept"/>.</summary>
    public async Task<int> CountWrongRepositoriesAsync(int kept, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = SeedDatabase.DatabasePath(dataPath),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var tags = connection.CreateCommand();
        tags.CommandText = "SELECT name FROM tags WHERE repository = $repository ORDER BY name;";
        var tagRepository = tags.Parameters.Add(new SqliteParameter("$repository", string.Empty));
        await using var manifests = connection.CreateCommand();
        manifests.CommandText = "SELECT COUNT(*) FROM manifests WHERE repository = $repository;";
        var manifestRepository = manifests.Parameters.Add(new SqliteParameter("$repository", string.Empty));
        var expected = Enumerable.Range(tagsPerRepository - kept + 1, kept).Select(Tag).ToList();
        var wrong = 0;
        for (var r = 0; r < repositories; r++)
        {
            tagRepository.Value = manifestRepository.Value = Repository(r);
            var found = new List<string>();
            await using (var reader = await tags.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(reader.GetString(0));
                }
            }

            var manifestCount = (long)(await manifests.ExecuteScalarAsync(cancellationToken))!;
            wrong += found.SequenceEqual(expected, StringComparer.Ordinal) && manifestCount == kept ? 0 : 1;
        }

        return wrong;
    }
}
