using ArtifactKeeper.Replication;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// Pull replication from CNCF distribution (with basic auth) on Harbor's seconds-first cron schedule: each run brings
/// what matches the filters, including images pushed upstream after the first run, under the destination namespace.
/// Harbor refuses a replication cron whose seconds field is not 0 or whose minutes field is <c>*</c>, so the fastest
/// schedule it accepts is once a minute (<c>0 */1 * * * *</c>): this test takes up to about two minutes.
/// </summary>
public sealed class PullFromDistributionTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private static readonly TimeSpan ScheduleLimit = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_scheduled_pull_policy_copies_matching_images_on_every_run()
    {
        await using var upstream = DistributionRegistry.Create(DistributionRegistryOptions.WithBasicAuth());
        await upstream.StartAsync(Ct);
        using var harbor = new HarborReplicationClient(server);
        using var local = new RegistryHttpClient(server);
        using var source = new RegistryHttpClient(upstream.BaseAddress, upstream.Credentials);
        var appV1 = TestImage.Create(layerCount: 2);
        var libV1 = TestImage.Create();
        await source.PushImageAsync("upstream/app", "v1", appV1, Ct);
        await source.PushImageAsync("upstream/lib", "v1", libV1, Ct);
        await source.PushImageAsync("elsewhere/tool", "v1", TestImage.Create(), Ct);
        var project = ReplicationNames.Project("pulled");
        await harbor.CreateProjectAsync(project, registryId: null, Ct);
        var registryId = await harbor.CreateRegistryAsync(
            ReplicationNames.Unique("upstream"), RegistryEndpointTypes.DockerRegistry, upstream.BaseAddress, upstream.Credentials, Ct);

        var policyId = await harbor.CreatePolicyAsync(ReplicationPolicies.Pull(
            ReplicationNames.Unique("pull"), registryId,
            [ReplicationPolicies.NameFilter("upstream/**")],
            ReplicationPolicies.Trigger(ReplicationTriggers.Scheduled, "0 */1 * * * *"),
            destinationNamespace: project, destinationNamespaceReplaceCount: 1), Ct);
        try
        {
            await harbor.WaitUntilAsync(
                async () => await RegistryContent.ManifestDigestAsync(local, $"{project}/app", "v1", Ct) == appV1.Manifest.Descriptor.Digest
                    && await RegistryContent.ManifestDigestAsync(local, $"{project}/lib", "v1", Ct) == libV1.Manifest.Descriptor.Digest,
                ScheduleLimit, "a scheduled run pulls upstream/app and upstream/lib", Ct);

            // Pushed upstream after the first run: only a later run can bring it.
            var appV2 = TestImage.CreateOnTopOf(appV1);
            await source.PushImageAsync("upstream/app", "v2", appV2, Ct);
            await harbor.WaitUntilAsync(
                async () => await RegistryContent.ManifestDigestAsync(local, $"{project}/app", "v2", Ct) == appV2.Manifest.Descriptor.Digest,
                ScheduleLimit, "a later scheduled run pulls upstream/app:v2", Ct);
        }
        finally
        {
            await harbor.DisablePolicyAsync(policyId, Ct);
        }

        await RegistryContent.AssertImageAsync(local, $"{project}/app", "v1", appV1, Ct);
        await RegistryContent.AssertImageAsync(local, $"{project}/lib", "v1", libV1, Ct);
        Assert.Empty(await RegistryContent.TagsAsync(local, $"{project}/tool", Ct));
        var executions = await harbor.ListExecutionsAsync(policyId, Ct);
        Assert.True(executions.Count >= 2, $"expected at least two scheduled runs, got {executions.Count}");
        Assert.All(executions, e => Assert.Equal(ReplicationTriggers.Scheduled, (string?)e["trigger"]));
        Assert.Contains(executions, e => (string?)e["status"] == ReplicationStatuses.Succeed);
    }
}
