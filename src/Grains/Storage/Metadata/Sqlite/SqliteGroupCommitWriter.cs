using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>
/// The single writer of one SQLite database. Concurrent writes queue here instead of contending
/// for SQLite's write lock (whose busy handler sleeps in growing steps), and every write that is
/// waiting when a batch starts shares one transaction and therefore one fsync: group commit.
/// Each write runs inside its own savepoint, so one failing write is rolled back alone and the
/// others still commit. A write's task completes only after its batch committed.
/// </summary>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    /// <summary>Bounds a batch so one commit never waits on an unbounded queue.</summary>
    private const int MaxBatch = 128;

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteGroupCommitWriter(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        _loop = Task.Run(RunAsync);
    }

    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(async (connection, transaction) => await work(connection, transaction));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        // Not cancellable once queued: the caller must learn whether the write committed.
        return (T)(await pending.Completion.Task)!;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    connection ??= await _open(CancellationToken.None);
                    await CommitBatchAsync(connection, batch);
                }
                catch (Exception ex)
                {
                    // The connection may be unusable (disk error, file replaced): start afresh next time.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }

                    foreach (var write in batch)
                    {
                        write.Completion.TrySetException(ex);
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task CommitBatchAsync(SqliteConnection connection, List<PendingWrite> batch)
    {
        var results = new object?[batch.Count];
        var failures = new Exception?[batch.Count];
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                transaction.Save(savepoint);
                try
                {
                    results[i] = await batch[i].Work(connection, transaction);
                    transaction.Release(savepoint);
                }
                catch (Exception ex)
                {
                    transaction.Rollback(savepoint);
                    transaction.Release(savepoint);
                    failures[i] = ex;
                }
            }

            await transaction.CommitAsync();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Completion.TrySetException(failure);
            }
            else
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
    }

    private sealed class PendingWrite(Func<SqliteConnection, SqliteTransaction, Task<object?>> work)
    {
        public Func<SqliteConnection, SqliteTransaction, Task<object?>> Work { get; } = work;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
