using System.IO.Compression;
using System.Text;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ArtifactKeeper.Tests.Unit.Scanning.Osv.OsvTestRecords;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvDatabaseProviderTests : IDisposable
{
    private static readonly string Lodash = Record("GHSA-lodash", "", Affected("npm", "lodash", [Range("SEMVER", "introduced:0", "fixed:4.17.12")]));
    private static readonly string Jquery = Record("GHSA-jquery", "", Affected("npm", "jquery", [Range("SEMVER", "introduced:0", "fixed:3.4.0")]));
    private static readonly PackageInventory Packages = OsvTestRecords.Inventory(new InstalledPackage("npm", "lodash", "4.17.11"), new InstalledPackage("npm", "jquery", "2.2.4"));
    private readonly string _root = Directory.CreateTempSubdirectory("osv-provider-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_without_a_configured_path_keeps_the_empty_database()
    {
        using var provider = Provider(path: null);

        Assert.False(await provider.RefreshAsync(Token));
        Assert.Equal("empty", provider.Current.Version);
        Assert.Empty(provider.Current.Match(Packages));
    }

    [Fact]
    public async Task Refresh_loads_the_configured_folder_and_reloads_it_when_a_file_changes()
    {
        var folder = Path.Combine(_root, "osv");
        WriteRecord(folder, "GHSA-lodash.json", Lodash, DateTime.UtcNow.AddMinutes(-10));
        using var provider = Provider(folder);
        var changes = 0;
        provider.Changed += (_, _) => changes++;

        Assert.True(await provider.RefreshAsync(Token));
        var first = provider.Current.Version;
        Assert.False(await provider.RefreshAsync(Token));
        WriteRecord(folder, "GHSA-jquery.json", Jquery, DateTime.UtcNow.AddMinutes(-5));
        Assert.True(await provider.RefreshAsync(Token));

        Assert.Equal(2, changes);
        Assert.NotEqual(first, provider.Current.Version);
        Assert.Equal(2, provider.Current.RecordCount);
        Assert.Equal(["GHSA-jquery", "GHSA-lodash"], provider.Current.Match(Packages).Select(f => f.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refresh_keeps_the_current_database_when_the_source_becomes_unreadable()
    {
        var zip = Path.Combine(_root, "all.zip");
        File.WriteAllBytes(zip, ZipOf(("GHSA-lodash.json", Lodash)));
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow.AddMinutes(-10));
        using var provider = Provider(zip);
        await provider.RefreshAsync(Token);
        var loaded = provider.Current.Version;

        File.WriteAllText(zip, "truncated");
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow.AddMinutes(-5));

        Assert.False(await provider.RefreshAsync(Token));
        Assert.Equal(loaded, provider.Current.Version);
    }

    [Fact]
    public async Task Import_replaces_the_database_and_survives_a_restart()
    {
        var folder = Path.Combine(_root, "osv");
        WriteRecord(folder, "GHSA-lodash.json", Lodash, DateTime.UtcNow.AddMinutes(-10));
        using var provider = Provider(folder);
        await provider.RefreshAsync(Token);
        var changes = 0;
        provider.Changed += (_, _) => changes++;

        using var upload = new MemoryStream(ZipOf(("GHSA-jquery.json", Jquery)));
        var imported = await provider.ImportAsync(upload, Token);

        Assert.Equal(1, changes);
        Assert.Same(imported, provider.Current);
        Assert.Equal("GHSA-jquery", Assert.Single(provider.Current.Match(Packages)).Id);
        Assert.False(await provider.RefreshAsync(Token));
        using var restarted = Provider(folder);
        await restarted.RefreshAsync(Token);
        Assert.Equal(imported.Version, restarted.Current.Version);
    }

    [Fact]
    public async Task Import_of_a_folder_copies_it_under_the_data_directory()
    {
        var source = Path.Combine(_root, "to-import");
        WriteRecord(source, "npm/GHSA-lodash.json", Lodash, DateTime.UtcNow.AddMinutes(-10));
        using var provider = Provider(path: null);

        var imported = await provider.ImportAsync(source, Token);
        Directory.Delete(source, recursive: true);
        using var restarted = Provider(path: null);
        await restarted.RefreshAsync(Token);

        Assert.Equal(1, imported.RecordCount);
        Assert.Equal(imported.Version, restarted.Current.Version);
    }

    [Fact]
    public async Task A_configured_path_changed_after_an_import_replaces_it_again()
    {
        var folder = Path.Combine(_root, "osv");
        WriteRecord(folder, "GHSA-lodash.json", Lodash, DateTime.UtcNow.AddMinutes(-10));
        using var provider = Provider(folder);
        using var upload = new MemoryStream(ZipOf(("GHSA-jquery.json", Jquery)));
        await provider.ImportAsync(upload, Token);

        WriteRecord(folder, "GHSA-jquery.json", Jquery, DateTime.UtcNow.AddMinutes(5));

        Assert.True(await provider.RefreshAsync(Token));
        Assert.Equal(2, provider.Current.RecordCount);
    }

    [Theory]
    [InlineData("not a zip")]
    [InlineData("")]
    public async Task Import_of_bad_input_is_refused_and_changes_nothing(string content)
    {
        var folder = Path.Combine(_root, "osv");
        WriteRecord(folder, "GHSA-lodash.json", Lodash, DateTime.UtcNow.AddMinutes(-10));
        using var provider = Provider(folder);
        await provider.RefreshAsync(Token);
        var before = provider.Current;

        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(content));
        await Assert.ThrowsAsync<OsvDatabaseException>(() => provider.ImportAsync(upload, Token));
        using var noRecords = new MemoryStream(ZipOf(("broken.json", "{"), ("readme.txt", "x")));
        var empty = await Assert.ThrowsAsync<OsvDatabaseException>(() => provider.ImportAsync(noRecords, Token));

        Assert.Contains("no OSV record", empty.Message, StringComparison.Ordinal);
        Assert.Same(before, provider.Current);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "data", "scanning", "osv")));
    }

    [Fact]
    public async Task Follow_imports_a_request_once_and_not_again_after_a_restart_or_another_import()
    {
        using var provider = Provider(path: null);
        var opened = 0;
        Func<CancellationToken, Task<Stream>> jquery = _ =>
        {
            opened++;
            return Task.FromResult<Stream>(new MemoryStream(ZipOf(("GHSA-jquery.json", Jquery))));
        };

        var followed = await provider.FollowAsync("osv/db@sha256:1 1000", jquery, Token);

        Assert.NotNull(followed);
        Assert.Equal("GHSA-jquery", Assert.Single(provider.Current.Match(Packages)).Id);
        Assert.Null(await provider.FollowAsync("osv/db@sha256:1 1000", jquery, Token));

        // Another kind of import since (a zip body) is not undone by the request carried out before it.
        using var upload = new MemoryStream(ZipOf(("GHSA-lodash.json", Lodash)));
        await provider.ImportAsync(upload, Token);
        using var restarted = Provider(path: null);
        await restarted.RefreshAsync(Token);
        Assert.Null(await restarted.FollowAsync("osv/db@sha256:1 1000", jquery, Token));
        Assert.Equal("GHSA-lodash", Assert.Single(restarted.Current.Match(Packages)).Id);
        Assert.Equal(1, opened);

        // The same artifact requested again is a new request.
        Assert.NotNull(await restarted.FollowAsync("osv/db@sha256:1 2000", jquery, Token));
        Assert.Equal("GHSA-jquery", Assert.Single(restarted.Current.Match(Packages)).Id);
    }

    [Fact]
    public async Task Follow_of_a_bad_zip_is_refused_changes_nothing_and_is_not_recorded()
    {
        using var provider = Provider(path: null);
        using (var upload = new MemoryStream(ZipOf(("GHSA-lodash.json", Lodash))))
        {
            await provider.ImportAsync(upload, Token);
        }

        var before = provider.Current;

        await Assert.ThrowsAsync<OsvDatabaseException>(() =>
            provider.FollowAsync("osv/db@sha256:2 1000", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes("not a zip"))), Token));

        Assert.Same(before, provider.Current);
        Assert.NotNull(await provider.FollowAsync("osv/db@sha256:2 1000", _ => Task.FromResult<Stream>(new MemoryStream(ZipOf(("GHSA-jquery.json", Jquery)))), Token));
    }

    [Fact]
    public async Task Check_loads_a_zip_without_putting_it_in_use_and_refuses_one_without_records()
    {
        using var provider = Provider(path: null);
        using var good = new MemoryStream(ZipOf(("GHSA-jquery.json", Jquery), ("GHSA-lodash.json", Lodash)));
        using var noRecords = new MemoryStream(ZipOf(("broken.json", "{")));

        var checkedDatabase = await OsvDatabaseProvider.CheckImportAsync(good, Token);
        var refused = await Assert.ThrowsAsync<OsvDatabaseException>(() => OsvDatabaseProvider.CheckImportAsync(noRecords, Token));

        Assert.Equal(2, checkedDatabase.RecordCount);
        Assert.Contains("no OSV record", refused.Message, StringComparison.Ordinal);
        Assert.Equal("empty", provider.Current.Version);
        Assert.False(Directory.Exists(Path.Combine(_root, "data", "scanning", "osv")));
    }

    [Fact]
    public void Options_validator_refuses_a_blank_path_and_an_out_of_range_interval()
    {
        var validator = new ScanningOptionsValidator();

        Assert.True(validator.Validate(null, new ScanningOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ScanningOptions { OsvDatabasePath = "/var/lib/osv" }).Succeeded);
        var result = validator.Validate(null, new ScanningOptions { OsvDatabasePath = " ", OsvDatabasePollInterval = TimeSpan.Zero });
        Assert.Equal(2, result.Failures!.Count());
        Assert.All(result.Failures!, failure => Assert.StartsWith("ArtifactKeeper:Scanning:", failure, StringComparison.Ordinal));
    }

    private OsvDatabaseProvider Provider(string? path) => new(
        Options.Create(new ScanningOptions { OsvDatabasePath = path }),
        Options.Create(new ArtifactKeeperOptions { DataPath = Path.Combine(_root, "data") }),
        NullLogger<OsvDatabaseProvider>.Instance);

    private static void WriteRecord(string folder, string relative, string json, DateTime writtenUtc)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        File.SetLastWriteTimeUtc(path, writtenUtc);
        Directory.SetLastWriteTimeUtc(folder, writtenUtc);
    }

    private static byte[] ZipOf(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }
}
