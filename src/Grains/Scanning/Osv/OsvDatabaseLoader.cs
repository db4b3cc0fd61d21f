using System.IO.Compression;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// Loads an OSV database from what osv.dev publishes and what people copy around offline:
/// <list type="bullet">
/// <item>a folder of OSV JSON files, searched recursively;</item>
/// <item>the per-ecosystem dump layout, a folder holding <c>&lt;Ecosystem&gt;/all.zip</c> (zips met in a folder are read as record zips);</item>
/// <item>one zip of JSON files (a single <c>all.zip</c>), whose entries may also be such zips, one level deep;</item>
/// <item>a single JSON file.</item>
/// </list>
/// Zips are read entry by entry from the file, never whole into memory. A document that cannot be read is skipped and
/// counted; a missing path, a file that is not a zip, or a nested zip that is not one fails the load with
/// <see cref="OsvDatabaseException"/>.
/// </summary>
public static class OsvDatabaseLoader
{
    /// <summary>The largest single OSV document read (the biggest real records are a few MiB).</summary>
    public const long MaxDocumentBytes = 32L * 1024 * 1024;

    public static OsvDatabase Load(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new OsvDatabaseBuilder();
        if (Directory.Exists(path))
        {
            AddFolder(builder, path, cancellationToken);
        }
        else if (File.Exists(path))
        {
            AddFile(builder, path, Path.GetFileName(path), cancellationToken);
        }
        else
        {
            throw new OsvDatabaseException($"The OSV database path '{path}' is neither a folder nor a file.");
        }

        return builder.Build();
    }

    private static void AddFolder(OsvDatabaseBuilder builder, string folder, CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddFile(builder, file, Path.GetRelativePath(folder, file), cancellationToken);
        }
    }

    private static void AddFile(OsvDatabaseBuilder builder, string file, string origin, CancellationToken cancellationToken)
    {
        if (IsJson(file))
        {
            var length = new FileInfo(file).Length;
            if (length > MaxDocumentBytes)
            {
                builder.Skip(origin, $"larger than {MaxDocumentBytes} bytes");
                return;
            }

            builder.Add(File.ReadAllBytes(file), origin);
        }
        else if (IsZip(file))
        {
            AddZipFile(builder, file, origin, nested: false, cancellationToken);
        }
        else
        {
            builder.Ignore();
        }
    }

    private static void AddZipFile(OsvDatabaseBuilder builder, string file, string origin, bool nested, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new OsvDatabaseException($"'{origin}' is not a readable zip file: {ex.Message}", ex);
        }

        using (archive)
        {
            foreach (var entry in archive.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entryOrigin = origin + "!/" + entry.FullName;
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                if (IsJson(entry.FullName))
                {
                    AddZipEntry(builder, entry, entryOrigin);
                }
                else if (IsZip(entry.FullName) && !nested)
                {
                    AddNestedZip(builder, entry, entryOrigin, cancellationToken);
                }
                else
                {
                    builder.Ignore();
                }
            }
        }
    }

    private static void AddZipEntry(OsvDatabaseBuilder builder, ZipArchiveEntry entry, string origin)
    {
        if (entry.Length > MaxDocumentBytes)
        {
            builder.Skip(origin, $"larger than {MaxDocumentBytes} bytes");
            return;
        }

        byte[] bytes;
        try
        {
            using var content = entry.Open();
            bytes = new byte[entry.Length];
            content.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            builder.Skip(origin, $"unreadable zip entry: {ex.Message}");
            return;
        }

        builder.Add(bytes, origin);
    }

    /// <summary>A zip inside a zip is spooled to a temporary file, so it too is read entry by entry.</summary>
    private static void AddNestedZip(OsvDatabaseBuilder builder, ZipArchiveEntry entry, string origin, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetTempPath(), "osv-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            using (var content = entry.Open())
            using (var copy = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                content.CopyTo(copy);
            }

            AddZipFile(builder, temporary, origin, nested: true, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new OsvDatabaseException($"'{origin}' is not a readable zip file: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool IsJson(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static bool IsZip(string name) => name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
}
