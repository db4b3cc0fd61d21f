using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ArtifactKeeper.Tests.Unit.Scanning.Osv.OsvTestRecords;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvDatabaseWatcherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("osv-watcher-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Watcher_loads_the_database_after_start_and_reloads_it_when_the_path_changes()
    {
        var folder = Path.Combine(_root, "osv");
        Directory.CreateDirectory(folder);
        var first = Path.Combine(folder, "GHSA-lodash.json");
        File.WriteAllText(first, Record("GHSA-lodash", "", Affected("npm", "lodash", [Range("SEMVER", "introduced:0", "fixed:4.17.12")])));
        File.SetLastWriteTimeUtc(first, DateTime.UtcNow.AddMinutes(-10));
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow.AddMinutes(-10));
        var scanning = Options.Create(new ScanningOptions { OsvDatabasePath = folder, OsvDatabasePollInterval = TimeSpan.FromMilliseconds(20) });
        using var provider = new OsvDatabaseProvider(scanning, Options.Create(new ArtifactKeeperOptions { DataPath = Path.Combine(_root, "data") }), NullLogger<OsvDatabaseProvider>.Instance);
        var changes = new SemaphoreSlim(0);
        provider.Changed += (_, _) => changes.Release();
        using var watcher = new OsvDatabaseWatcher(provider, scanning, TimeProvider.System, NullLogger<OsvDatabaseWatcher>.Instance);

        await watcher.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.True(await changes.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), "the database was never loaded");
            Assert.Equal(1, provider.Current.RecordCount);

            var second = Path.Combine(folder, "GHSA-jquery.json");
            File.WriteAllText(second, Record("GHSA-jquery", "", Affected("npm", "jquery", [Range("SEMVER", "introduced:0", "fixed:3.4.0")])));
            File.SetLastWriteTimeUtc(second, DateTime.UtcNow.AddMinutes(1));

            Assert.True(await changes.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), "the change was never picked up");
            Assert.Equal(2, provider.Current.RecordCount);
            Assert.Single(provider.Current.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "jquery", "2.2.4"))));
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }
}
