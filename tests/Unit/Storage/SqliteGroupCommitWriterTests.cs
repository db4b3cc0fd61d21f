using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Tests.Unit.Storage;

public sealed class SqliteGroupCommitWriterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "ak-gc-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Concurrent_writes_with_failures_commit_only_the_successful_ones()
    {
        await using var writer = new SqliteGroupCommitWriter(OpenAsync);
        await writer.WriteAsync(async (c, t) => await ExecuteAsync(c, t, "CREATE TABLE items (n INTEGER PRIMARY KEY)"), CancellationToken.None);

        var writes = Enumerable.Range(0, 200).Select(n => writer.WriteAsync(async (c, t) =>
        {
            await ExecuteAsync(c, t, $"INSERT INTO items (n) VALUES ({n})");
            if (n % 7 == 0)
            {
                // Fails after its insert: the savepoint must undo the insert, and only it.
                throw new InvalidOperationException($"write {n} fails");
            }

            return n;
        }, CancellationToken.None)).ToList();

        foreach (var (write, n) in writes.Select((w, i) => (w, i)))
        {
            if (n % 7 == 0)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => write);
            }
            else
            {
                Assert.Equal(n, await write);
            }
        }

        var stored = await writer.WriteAsync(async (c, t) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = "SELECT group_concat(n) FROM (SELECT n FROM items ORDER BY n)";
            return (string)(await command.ExecuteScalarAsync())!;
        }, CancellationToken.None);
        var expected = string.Join(',', Enumerable.Range(0, 200).Where(n => n % 7 != 0));
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task Write_after_dispose_throws_ObjectDisposedException()
    {
        var writer = new SqliteGroupCommitWriter(OpenAsync);
        await writer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync((_, _) => Task.FromResult(1), CancellationToken.None));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
