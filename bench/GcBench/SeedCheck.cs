using System.Globalization;
using ArtifactKeeper.Registry;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// What a GC left of a seed, counted blob by blob: every referenced blob must still be there (row Present and file,
/// or distribution's data file, manifests included) and every unreferenced one gone (row and file).
/// </summary>
internal sealed record SeedCheck(long ReferencedMissing, long ReferencedFilesMissing, long GarbageRowsLeft, long GarbageFilesLeft, long BlobRows)
{
    public bool Exact => ReferencedMissing == 0 && ReferencedFilesMissing == 0 && GarbageRowsLeft == 0 && GarbageFilesLeft == 0;

    public IEnumerable<string> Lines() =>
    [
        $"referenced_missing={ReferencedMissing.ToString(CultureInfo.InvariantCulture)}",
        $"referenced_files_missing={ReferencedFilesMissing.ToString(CultureInfo.InvariantCulture)}",
        $"garbage_rows_left={GarbageRowsLeft.ToString(CultureInfo.InvariantCulture)}",
        $"garbage_files_left={GarbageFilesLeft.ToString(CultureInfo.InvariantCulture)}",
        $"blob_rows={BlobRows.ToString(CultureInfo.InvariantCulture)}",
        $"exact={(Exact ? "yes" : "no")}",
    ];

    /// <summary>An ArtifactKeeper data dir; <paramref name="referencedFiles"/> when the seed wrote files for every blob.</summary>
    public static async Task<SeedCheck> OfArtifactKeeperAsync(string dataPath, BenchShape shape, bool referencedFiles, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, "metadata.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var state = connection.CreateCommand();
        state.CommandText = "SELECT state FROM blobs WHERE digest = $digest;";
        var digest = state.Parameters.Add(new SqliteParameter("$digest", string.Empty));
        string File(SyntheticBlob blob) => Path.Combine(dataPath, "blobs", "sha256", blob.Hex[..2], blob.Hex);

        async Task<long?> StateOfAsync(SyntheticBlob blob)
        {
            digest.Value = blob.Digest;
            return (long?)await state.ExecuteScalarAsync(cancellationToken);
        }

        long referencedMissing = 0, referencedFilesMissing = 0, garbageRows = 0, garbageFiles = 0;
        foreach (var blob in ReferencedBlobs(shape))
        {
            referencedMissing += await StateOfAsync(blob) == (long)BlobState.Present ? 0 : 1;
            referencedFilesMissing += !referencedFiles || System.IO.File.Exists(File(blob)) ? 0 : 1;
        }

        for (var i = 0; i < shape.Garbage; i++)
        {
            var blob = shape.Unreferenced(i);
            garbageRows += await StateOfAsync(blob) is null ? 0 : 1;
            garbageFiles += System.IO.File.Exists(File(blob)) ? 1 : 0;
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM blobs;";
        var rows = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new SeedCheck(referencedMissing, referencedFilesMissing, garbageRows, garbageFiles, rows);
    }

    /// <summary>A distribution root: blob data files only (distribution keeps no rows).</summary>
    public static SeedCheck OfDistribution(string root, BenchShape shape)
    {
        var layout = new DistributionSeeder(root, shape);
        long referencedMissing = 0, garbageFiles = 0;
        for (var r = 0; r < shape.Repositories; r++)
        {
            for (var m = 0; m < shape.ManifestsPerRepository; m++)
            {
                var blobs = shape.BlobsOf(r, m);
                referencedMissing += blobs.Append(SyntheticBlob.Manifest(blobs)).Count(b => !File.Exists(layout.BlobData(b)));
            }
        }

        for (var i = 0; i < shape.Garbage; i++)
        {
            garbageFiles += File.Exists(layout.BlobData(shape.Unreferenced(i))) ? 1 : 0;
        }

        return new SeedCheck(referencedMissing, 0, 0, garbageFiles, 0);
    }

    private static IEnumerable<SyntheticBlob> ReferencedBlobs(BenchShape shape)
    {
        for (var r = 0; r < shape.Repositories; r++)
        {
            for (var m = 0; m < shape.ManifestsPerRepository; m++)
            {
                for (var b = 0; b < shape.BlobsPerManifest; b++)
                {
                    yield return shape.Referenced(r, m, b);
                }
            }
        }
    }
}
