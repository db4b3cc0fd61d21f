using ArtifactKeeper.Audit;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Cluster.Audit;

/// <summary>
/// Cluster mode: a gateway is an Orleans client with no store of its own, so its audit recorder hands
/// batches to the audit log grain on the silos, which writes them to PostgreSQL.
/// </summary>
public sealed class AuditLogClusterTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private RegistryCluster? _cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await RegistryCluster.StartAsync(server, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Events_recorded_through_a_cluster_client_are_stored_in_postgresql_in_order()
    {
        var cluster = _cluster!;
        var options = Options.Create(new AuditOptions { BatchSize = 7 });
        using var recorder = new AuditRecorder(cluster.Client, options, TimeProvider.System, NullLogger<AuditRecorder>.Instance);
        await recorder.StartAsync(Ct);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        for (var i = 0; i < 20; i++)
        {
            recorder.Record(AuditEvents.ArtifactPulled("gateway-user", "library/app", $"t{i:D2}", "sha256:a", 1, at));
        }

        await recorder.FlushAsync(Ct);
        await recorder.StopAsync(Ct);

        await using var store = new PostgresMetadataStore(cluster.ConnectionString);
        var page = await store.ListAuditLogsAsync(
            new AuditLogQuery([new AuditFilter(AuditLogFields.Username, AuditMatch.Exact, ["gateway-user"])], AuditLogFields.DefaultSort, 1, 100, null), Ct);
        Assert.Equal(Enumerable.Range(0, 20).Reverse().Select(i => $"library/app:t{i:D2}"), page.Items.Select(e => e.Event.Resource));
        Assert.Equal(0, recorder.DroppedCount);
    }
}
