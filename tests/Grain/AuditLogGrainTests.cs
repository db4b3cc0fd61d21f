using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>The audit log grain stores a batch in one call and answers listings from the store.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class AuditLogGrainTests(RegistryClusterFixture fixture)
{
    private IAuditLogGrain Log => fixture.Client.GetGrain<IAuditLogGrain>(0);

    private static AuditLogQuery ByUser(string username, int pageSize = 10, IReadOnlyList<long>? projects = null) =>
        new([new AuditFilter(AuditLogFields.Username, AuditMatch.Exact, [username])], AuditLogFields.DefaultSort, 1, pageSize, projects);

    [Fact]
    public async Task Append_then_list_returns_the_batch_newest_first()
    {
        var user = "audit-" + Guid.NewGuid().ToString("N")[..8];
        // The store keeps milliseconds.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        AuditEvent[] batch =
        [
            AuditEvents.ArtifactPushed(user, "lib/app", "1", "sha256:a", 7, at),
            AuditEvents.ArtifactPulled(user, "lib/app", null, "sha256:a", 7, at.AddSeconds(1)),
            AuditEvents.LoginFailed(user, null, at.AddSeconds(2)),
        ];

        await Log.AppendAsync(batch);
        var page = await Log.ListAsync(ByUser(user));

        Assert.Equal(3, page.Total);
        Assert.Equal(batch.Reverse(), page.Items.Select(e => e.Event));
    }

    [Fact]
    public async Task List_limited_to_projects_leaves_out_other_projects_and_projectless_events()
    {
        var user = "audit-" + Guid.NewGuid().ToString("N")[..8];
        var at = fixture.Clock.GetUtcNow();
        await Log.AppendAsync(
        [
            AuditEvents.ArtifactPushed(user, "one/app", "1", "sha256:a", 101, at),
            AuditEvents.ArtifactPushed(user, "two/app", "1", "sha256:b", 102, at),
            AuditEvents.LoginFailed(user, null, at),
        ]);

        var page = await Log.ListAsync(ByUser(user, projects: [101]));

        Assert.Equal("one/app:1", Assert.Single(page.Items).Event.Resource);
        Assert.Equal(0, (await Log.ListAsync(ByUser(user, projects: []))).Total);
    }

    [Fact]
    public async Task Purge_removes_only_older_records()
    {
        var user = "audit-" + Guid.NewGuid().ToString("N")[..8];
        var old = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Log.AppendAsync(
        [
            AuditEvents.ArtifactPulled(user, "lib/old", "1", "sha256:o", 1, old),
            AuditEvents.ArtifactPulled(user, "lib/new", "1", "sha256:n", 1, fixture.Clock.GetUtcNow()),
        ]);

        var purged = await Log.PurgeAsync(old.AddDays(1));

        Assert.True(purged >= 1);
        Assert.Equal("lib/new:1", Assert.Single((await Log.ListAsync(ByUser(user))).Items).Event.Resource);
    }
}
