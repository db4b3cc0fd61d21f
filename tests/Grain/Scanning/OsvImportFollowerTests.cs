using System.IO.Compression;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Grain.Scanning;

/// <summary>
/// A silo following the database import requested through the API of a cluster's gateway: the request in the real
/// settings table names an artifact pushed through the repository grain, and the follower imports its zip layer from
/// the real blob store into its own data directory, once per request.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class OsvImportFollowerTests(RegistryClusterFixture fixture) : IDisposable
{
    private const string Record = """
        {"id":"GHSA-follow-jquery","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"jquery"},
         "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"3.4.0"}]}]}]}
        """;

    private static readonly PackageInventory Jquery = new(null, [new InstalledPackage("npm", "jquery", "2.2.4")]);
    private readonly string _root = Directory.CreateTempSubdirectory("osv-follow-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_silo_imports_the_requested_artifact_once_and_a_failed_request_changes_nothing()
    {
        var repository = TestContent.NewRepository("osvdb");
        var digest = await PushDatabaseAsync(repository);
        using var provider = Provider();
        var follower = Follower(provider);
        var requestedAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        // The gateway recorded a request; the silo carries it out once.
        await new OsvImportRequest(repository, digest, requestedAt, "v", 1, 1, 0).WriteAsync(fixture.Metadata, Token);
        Assert.True(await follower.FollowAsync(Token));
        Assert.Equal("GHSA-follow-jquery", Assert.Single(provider.Current.Match(Jquery)).Id);
        Assert.False(await follower.FollowAsync(Token));

        // A restarted silo loads its imported copy and does not import the same request again.
        using var restarted = Provider();
        await restarted.RefreshAsync(Token);
        Assert.False(await Follower(restarted).FollowAsync(Token));
        Assert.Equal(provider.Current.Version, restarted.Current.Version);

        // A request naming an artifact that is gone fails on the silo and leaves its database as it was.
        var missing = "sha256:" + new string('0', 64);
        await new OsvImportRequest(repository, missing, requestedAt.AddMinutes(1), "v", 1, 1, 0).WriteAsync(fixture.Metadata, Token);
        Assert.False(await follower.FollowAsync(Token));
        Assert.Equal(restarted.Current.Version, provider.Current.Version);
    }

    private async Task<string> PushDatabaseAsync(string repository)
    {
        var zip = Zip("npm/GHSA-follow-jquery.json", Record);
        var config = TestContent.Utf8("{}");
        var zipDigest = await TestContent.PublishBlobAsync(fixture, repository, zip);
        var configDigest = await TestContent.PublishBlobAsync(fixture, repository, config);
        var manifest = Manifests.Image((configDigest, config.Length), (zipDigest, zip.Length), configMediaType: "application/vnd.oci.empty.v1+json");
        return await ScanImages.PutAsync(fixture, repository, "db", manifest);
    }

    private static byte[] Zip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry(name).Open())
        {
            entry.Write(TestContent.Utf8(content));
        }

        return buffer.ToArray();
    }

    private OsvDatabaseProvider Provider() => new(
        Options.Create(new ScanningOptions()),
        Options.Create(new ArtifactKeeperOptions { DataPath = Path.Combine(_root, "data") }),
        NullLogger<OsvDatabaseProvider>.Instance);

    private OsvImportFollower Follower(OsvDatabaseProvider provider) => new(
        provider, fixture.Metadata, fixture.Metadata, fixture.Blobs, Options.Create(new ScanningOptions()), TimeProvider.System,
        NullLogger<OsvImportFollower>.Instance);
}
