using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>The next Harbor ids (id_sequences), handed out here instead of by the per-row insert triggers.</summary>
internal sealed class SequenceIds
{
    public long Repository { get; set; }

    public long Manifest { get; set; }

    public long Tag { get; set; }
}

/// <summary>One prepared command per statement, reused for every row.</summary>
internal sealed class SeedStatements(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _repository = Prepare(connection,
        "INSERT INTO repositories (name, project, creation_time, update_time, repository_id) VALUES ($name, $project, $at, $at, $id);",
        "$name", "$project", "$at", "$id");

    private readonly SqliteCommand _blob = Prepare(connection,
        $"INSERT INTO blobs (digest, size, state, last_touched) VALUES ($digest, $size, {(int)BlobState.Present}, $at);",
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
        $"INSERT INTO manifest_references (repository, manifest_digest, target_digest, kind) VALUES ($repository, $manifest, $target, {(int)ReferenceKind.Blob});",
        "$repository", "$manifest", "$target");

    private readonly SqliteCommand _tag = Prepare(connection,
        "INSERT INTO tags (repository, name, digest, pushed_at, tag_id) VALUES ($repository, $name, $digest, $at, $id);",
        "$repository", "$name", "$digest", "$at", "$id");

    private readonly SqliteCommand _readIds = Prepare(connection,
        "SELECT name, value FROM id_sequences WHERE name IN ('repositories', 'manifests', 'tags');");

    private readonly SqliteCommand _saveId = Prepare(connection,
        "UPDATE id_sequences SET value = $value WHERE name = $name;", "$value", "$name");

    private IEnumerable<SqliteCommand> All => [_repository, _blob, _link, _manifest, _reference, _tag, _readIds, _saveId];

    public void Enlist(System.Data.Common.DbTransaction transaction)
    {
        foreach (var command in All)
        {
            command.Transaction = (SqliteTransaction)transaction;
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
