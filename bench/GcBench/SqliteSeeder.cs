using System.Diagnostics;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// Writes a <see cref="BenchShape"/> into an embedded-mode data dir without going through HTTP: the real
/// <see cref="SqliteMetadataStore"/> creates the schema (every migration) and the project, then prepared statements
/// insert the rows in large transactions, and the blob files are written in <c>FileSystemBlobStore</c>'s layout
/// (<c>blobs/sha256/&lt;2 hex&gt;/&lt;64 hex&gt;</c>). Everything is stamped 30 days old, so no GC window protects it.
/// </summary>
internal sealed class SqliteSeeder(string dataPath, BenchShape shape, bool filesForReferenced)
{
    private const int RepositoriesPerTransaction = 10;
    private const int GarbagePerTransaction = 20_000;
    private const int Present = (int)BlobState.Present;
    private const int BlobReference = (int)ReferenceKind.Blob;

    private readonly long _at = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();

    public string DatabasePath => Path.Combine(dataPath, "metadata.db");

    public async Task<TimeSpan> SeedAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var store = new SqliteMetadataStore(DatabasePath))
        {
            await store.InitializeAsync(cancellationToken);
            if (shape.Repositories > 0 && await store.GetProjectAsync(shape.Project, cancellationToken) is null)
            {
                await store.TryCreateProjectAsync(shape.Project, "admin", new Dictionary<string, string> { ["public"] = "false" }, DateTimeOffset.UtcNow, cancellationToken);
            }
        }

        for (var prefix = 0; prefix < 256; prefix++)
        {
            Directory.CreateDirectory(Path.Combine(dataPath, "blobs", "sha256", prefix.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA busy_timeout = 60000; PRAGMA cache_size = -400000;", cancellationToken);
        using var statements = new Statements(connection);

        for (var first = 0; first < shape.Repositories; first += RepositoriesPerTransaction)
        {
            var files = new List<SyntheticBlob>();
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
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

            WriteFiles(files, cancellationToken);
        }

        for (var first = 0; first < shape.Garbage; first += GarbagePerTransaction)
        {
            var files = new List<SyntheticBlob>();
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
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

            WriteFiles(files, cancellationToken);
        }

        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        return stopwatch.Elapsed;
    }

    private async Task SeedRepositoryAsync(Statements statements, SequenceIds ids, int r, List<SyntheticBlob> files, CancellationToken cancellationToken)
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

    private void WriteFiles(List<SyntheticBlob> files, CancellationToken cancellationToken) =>
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, blob =>
            File.WriteAllBytes(Path.Combine(dataPath, "blobs", "sha256", blob.Hex[..2], blob.Hex), blob.Content));

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The next Harbor ids (id_sequences), handed out here instead of by the per-row insert triggers.</summary>
    private sealed class SequenceIds
    {
        public long Repository { get; set; }

        public long Manifest { get; set; }

        public long Tag { get; set; }
    }

    /// <summary>One prepared command per statement, reused for every row.</summary>
    private sealed class Statements(SqliteConnection connection) : IDisposable
    {
        private readonly SqliteCommand _repository = Prepare(connection,
            "INSERT INTO repositories (name, project, creation_time, update_time, repository_id) VALUES ($name, $project, $at, $at, $id);",
            "$name", "$project", "$at", "$id");

        private readonly SqliteCommand _blob = Prepare(connection,
            $"INSERT INTO blobs (digest, size, state, last_touched) VALUES ($digest, $size, {Present}, $at);",
            "$digest", "$size", "$at");

        private readonly SqliteCommand _link = Prepare(connection,
            "INSERT INTO repository_blobs (digest, repository, linked_at) VALUES ($digest, $repository, $at);",
            "$digest", "$repository", "$at");

        private readonly SqliteCommand _manifest = Prepare(connection,
            $"""
            INSERT INTO manifests (repository, digest, media_type, artifact_type, size, subject, content, annotations, pushed_at, artifact_id)
            VALUES ($repository, $digest, '{OciTypes.Manifest}', NULL, $size, NULL, $content, NULL, $at, $id);
            """,
            "$repository", "$digest", "$size", "$content", "$at", "$id");

        private readonly SqliteCommand _reference = Prepare(connection,
            $"INSERT INTO manifest_references (repository, manifest_digest, target_digest, kind) VALUES ($repository, $manifest, $target, {BlobReference});",
            "$repository", "$manifest", "$target");

        private readonly SqliteCommand _tag = Prepare(connection,
            "INSERT INTO tags (repository, name, digest, pushed_at, tag_id) VALUES ($repository, $name, $digest, $at, $id);",
            "$repository", "$name", "$digest", "$at", "$id");

        private readonly SqliteCommand _readIds = Prepare(connection,
            "SELECT name, value FROM id_sequences WHERE name IN ('repositories', 'manifests', 'tags');");

        private readonly SqliteCommand _saveId = Prepare(connection,
            "UPDATE id_sequences SET value = $value WHERE name = $name;", "$value", "$name");

        private IEnumerable<SqliteCommand> All => [_repository, _blob, _link, _manifest, _reference, _tag, _readIds, _saveId];

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in All)
            {
                command.Transaction = transaction;
            }
        }

        public void Dispose()
        {
            foreach (var command in All)
            {
                command.Dispose();
            }
        }

        public async Task<SequenceIds> NextIdsAsync(CancellationToken cancellationToken)
        {
            var ids = new SequenceIds();
            await using var reader = await _readIds.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = reader.GetInt64(1);
                switch (reader.GetString(0))
                {
                    case "repositories": ids.Repository = value; break;
                    case "manifests": ids.Manifest = value; break;
                    default: ids.Tag = value; break;
                }
            }

            return ids;
        }

        public async Task SaveIdsAsync(SequenceIds ids, CancellationToken cancellationToken)
        {
            foreach (var (name, value) in new[] { ("repositories", ids.Repository), ("manifests", ids.Manifest), ("tags", ids.Tag) })
            {
                await RunAsync(_saveId, cancellationToken, value, name);
            }
        }

        public Task InsertRepositoryAsync(string name, string project, long id, long at, CancellationToken cancellationToken) =>
            RunAsync(_repository, cancellationToken, name, project, at, id);

        public Task InsertBlobAsync(SyntheticBlob blob, long at, CancellationToken cancellationToken) =>
            RunAsync(_blob, cancellationToken, blob.Digest, blob.Content.Length, at);

        public Task LinkAsync(SyntheticBlob blob, string repository, long at, CancellationToken cancellationToken) =>
            RunAsync(_link, cancellationToken, blob.Digest, repository, at);

        public Task InsertManifestAsync(string repository, SyntheticBlob manifest, long id, long at, CancellationToken cancellationToken) =>
            RunAsync(_manifest, cancellationToken, repository, manifest.Digest, manifest.Content.Length, manifest.Content, at, id);

        public Task ReferenceAsync(string repository, SyntheticBlob manifest, SyntheticBlob target, CancellationToken cancellationToken) =>
            RunAsync(_reference, cancellationToken, repository, manifest.Digest, target.Digest);

        public Task TagAsync(string repository, string tag, SyntheticBlob manifest, long id, long at, CancellationToken cancellationToken) =>
            RunAsync(_tag, cancellationToken, repository, tag, manifest.Digest, at, id);

        private static async Task RunAsync(SqliteCommand command, CancellationToken cancellationToken, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new SqliteParameter(parameter, null));
            }

            return command;
        }
    }
}
