using System.IO.Compression;
using System.Text;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;
using static ArtifactKeeper.Tests.Unit.Scanning.Osv.OsvTestRecords;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvDatabaseLoaderTests : IDisposable
{
    private static readonly string Lodash = Record("GHSA-lodash", "", Affected("npm", "lodash", [Range("SEMVER", "introduced:0", "fixed:4.17.12")]));
    private static readonly string Multi = Record("GHSA-multi", "", Affected("PyPI", "protobuf", [Range("ECOSYSTEM", "introduced:0", "fixed:3.15.0")]), Affected("NuGet", "Google.Protobuf", [Range("ECOSYSTEM", "introduced:0", "fixed:3.15.0")]));
    private static readonly string Requests = Record("PYSEC-requests", "", Affected("PyPI", "requests", [Range("ECOSYSTEM", "introduced:2.3.0", "fixed:2.31.0")]));
    private readonly string _root = Directory.CreateTempSubdirectory("osv-loader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Load_folder_reads_json_recursively_dedups_by_id_and_counts_what_it_skipped()
    {
        Write("npm/GHSA-lodash.json", Lodash);
        Write("PyPI/GHSA-multi.json", Multi);
        Write("NuGet/deeper/GHSA-multi.json", Multi);
        Write("PyPI/renamed-on-disk.json", Requests);
        Write("PyPI/broken.json", "{ not json");
        Write("README.md", "# not a record");

        var database = OsvDatabaseLoader.Load(_root, TestContext.Current.CancellationToken);

        Assert.Equal(3, database.RecordCount);
        Assert.Equal((5, 1, 1, 1), (database.Statistics.Documents, database.Statistics.Duplicates, database.Statistics.Invalid, database.Statistics.Ignored));
        Assert.Contains("broken.json", Assert.Single(database.Statistics.Problems), StringComparison.Ordinal);
        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("PyPI", "requests", "2.30.0"))), f => f.Id == "PYSEC-requests");
        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("NuGet", "google.protobuf", "3.14.0"))));
    }

    [Fact]
    public void Load_reads_the_per_ecosystem_all_zip_layout()
    {
        Zip("npm/all.zip", ("GHSA-lodash.json", Lodash));
        Zip("PyPI/all.zip", ("GHSA-multi.json", Multi), ("PYSEC-requests.json", Requests));
        Zip("NuGet/all.zip", ("GHSA-multi.json", Multi));

        var database = OsvDatabaseLoader.Load(_root, TestContext.Current.CancellationToken);

        Assert.Equal(3, database.RecordCount);
        Assert.Equal(1, database.Statistics.Duplicates);
        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "lodash", "4.17.11"))));
    }

    [Fact]
    public void Load_reads_a_single_zip_and_a_zip_of_ecosystem_zips()
    {
        var single = Zip("all.zip", ("a/GHSA-lodash.json", Lodash), ("GHSA-multi.json", Multi), ("PYSEC-requests.json", Requests), ("notes.txt", "x"));
        var inner = File.ReadAllBytes(single);
        var outer = Zip("outer/dump.zip", ("npm/all.zip", inner));

        var fromSingle = OsvDatabaseLoader.Load(single, TestContext.Current.CancellationToken);
        var fromOuter = OsvDatabaseLoader.Load(outer, TestContext.Current.CancellationToken);

        Assert.Equal(3, fromSingle.RecordCount);
        Assert.Equal(1, fromSingle.Statistics.Ignored);
        Assert.Equal(3, fromOuter.RecordCount);
        Assert.Equal(fromSingle.Version, fromOuter.Version);
    }

    [Fact]
    public void Version_is_stable_for_the_same_records_whatever_the_layout_and_changes_with_their_content()
    {
        Write("folder/x/GHSA-lodash.json", Lodash);
        Write("folder/y/GHSA-multi.json", Multi);
        var zip = Zip("zip/all.zip", ("GHSA-multi.json", Multi), ("GHSA-lodash.json", Lodash));

        var fromFolder = OsvDatabaseLoader.Load(Path.Combine(_root, "folder"), TestContext.Current.CancellationToken);
        var fromZip = OsvDatabaseLoader.Load(zip, TestContext.Current.CancellationToken);
        Write("folder/x/GHSA-lodash.json", Lodash.Replace("4.17.12", "4.17.13", StringComparison.Ordinal));
        var changed = OsvDatabaseLoader.Load(Path.Combine(_root, "folder"), TestContext.Current.CancellationToken);

        Assert.Equal(fromFolder.Version, fromZip.Version);
        Assert.NotEqual(fromFolder.Version, changed.Version);
        Assert.NotEqual(OsvDatabase.EmptyVersion, fromFolder.Version);
    }

    [Fact]
    public void Load_keeps_the_newer_copy_of_a_record_whichever_is_read_first()
    {
        var older = Record("GHSA-dup", "", Affected("npm", "left-pad", [Range("SEMVER", "introduced:0", "fixed:1.0.0")]));
        var newer = older.Replace("2024-01-01", "2025-01-01", StringComparison.Ordinal).Replace("1.0.0", "2.0.0", StringComparison.Ordinal);
        Write("a/1.json", older);
        Write("a/2.json", newer);
        Write("b/1.json", newer);
        Write("b/2.json", older);

        var first = OsvDatabaseLoader.Load(Path.Combine(_root, "a"), TestContext.Current.CancellationToken);
        var second = OsvDatabaseLoader.Load(Path.Combine(_root, "b"), TestContext.Current.CancellationToken);

        Assert.Equal(first.Version, second.Version);
        Assert.Equal("2.0.0", Assert.Single(first.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "left-pad", "1.5.0")))).FixVersion);
    }

    [Fact]
    public void Load_of_a_missing_path_or_a_file_that_is_not_a_zip_fails_clearly()
    {
        Write("fake.zip", "this is not a zip");

        var missing = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseLoader.Load(Path.Combine(_root, "nope"), TestContext.Current.CancellationToken));
        var notZip = Assert.Throws<OsvDatabaseException>(() => OsvDatabaseLoader.Load(Path.Combine(_root, "fake.zip"), TestContext.Current.CancellationToken));

        Assert.Contains("neither a folder nor a file", missing.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable zip", notZip.Message, StringComparison.Ordinal);
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private string Zip(string relative, params (string Name, string Content)[] entries) =>
        Zip(relative, entries.Select(entry => (entry.Name, Encoding.UTF8.GetBytes(entry.Content))).ToArray());

    private string Zip(string relative, params (string Name, byte[] Content)[] entries)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = archive.CreateEntry(name).Open();
            stream.Write(content);
        }

        return path;
    }
}
