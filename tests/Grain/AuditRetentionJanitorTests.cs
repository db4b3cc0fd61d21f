using ArtifactKeeper.Audit;
using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Retention of the audit log (<c>ArtifactKeeper:Audit:RetentionDays</c>), against the real SQLite store.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class AuditRetentionJanitorTests(RegistryClusterFixture fixture)
{
    private AuditRetentionJanitor NewJanitor(int retentionDays) => new(
        fixture.Metadata, Options.Create(new AuditOptions { RetentionDays = retentionDays }), fixture.Clock, NullLogger<AuditRetentionJanitor>.Instance);

    private async Task<string> SeedAsync()
    {
        var user = "ret-" + Guid.NewGuid().ToString("N")[..8];
        var now = fixture.Clock.GetUtcNow();
        await fixture.Metadata.AppendAuditEventsAsync(
        [
            AuditEvents.ArtifactPulled(user, "lib/app", "old", "sha256:o", 1, now.AddDays(-31)),
            AuditEvents.ArtifactPulled(user, "lib/app", "recent", "sha256:r", 1, now.AddDays(-29)),
        ],
            CancellationToken.None);
        return user;
    }

    private async Task<List<string>> ResourcesAsync(string user) =>
        (await fixture.Metadata.ListAuditLogsAsync(
            new AuditLogQuery([new AuditFilter(AuditLogFields.Username, AuditMatch.Exact, [user])], AuditLogFields.DefaultSort, 1, 10, null),
            CancellationToken.None)).Items.Select(e => e.Event.Resource).ToList();

    [Fact]
    public async Task Purge_removes_records_past_retention_and_keeps_younger_ones()
    {
        var user = await SeedAsync();

        var purged = await NewJanitor(30).PurgeAsync(CancellationToken.None);

        Assert.True(purged >= 1);
        Assert.Equal(["lib/app:recent"], await ResourcesAsync(user));
    }

    [Fact]
    public async Task Retention_zero_keeps_everything()
    {
        var user = await SeedAsync();

        Assert.Equal(0, await NewJanitor(0).PurgeAsync(CancellationToken.None));
        Assert.Equal(["lib/app:recent", "lib/app:old"], await ResourcesAsync(user));
    }
}
