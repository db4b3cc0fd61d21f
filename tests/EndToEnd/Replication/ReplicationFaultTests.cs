using ArtifactKeeper.Replication;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// Push replication to docker-registry through a fault-injecting forwarder: a fifth of the requests dropped
/// midway, answered 500 or 429; then a destination down for a while. Every task must end Succeed, every byte
/// must arrive intact, and nothing may be copied twice.
/// </summary>
public sealed class ReplicationFaultTests(FastRetryRegistryServer fixture, DistributionRegistry distribution)
    : IClassFixture<FastRetryRegistryServer>, IClassFixture<DistributionRegistry>
{
    private static readonly TimeSpan ExecutionLimit = TimeSpan.FromMinutes(4);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task With_a_fifth_of_requests_failing_every_task_succeeds_after_retries_and_digests_match()
    {
        await using var forwarder = await HttpForwarder.StartAsync(distribution.BaseAddress, Ct);
        using var harbor = new HarborReplicationClient(Server);
        var (project, images) = await PushImagesAsync("faults", count: 6);
        var registryId = await harbor.CreateRegistryAsync(
            ReplicationNames.Unique("flaky"), RegistryEndpointTypes.DockerRegistry, forwarder.BaseAddress, credentials: null, Ct);
        var policyId = await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("flaky"), registryId, [ReplicationPolicies.NameFilter($"{project}/**")]), Ct);
        forwarder.InjectFaults(new FaultInjection { Probability = 0.2, Seed = 20261203 });

        var executionId = await harbor.StartExecutionAsync(policyId, Ct);
        var tasks = await harbor.AssertSucceedsAsync(executionId, ExecutionLimit, Ct);
        forwarder.StopFaults();

        Assert.Equal(images.Count, tasks.Count);
        Assert.True(
            forwarder.Count(r => r.Outcome is ForwardOutcome.InjectedDrop or ForwardOutcome.InjectedServerError or ForwardOutcome.InjectedTooManyRequests) > 0,
            "no fault was injected, so the test proved nothing");
        await AssertAllArrivedAsync(images);
    }

    [Fact]
    public async Task A_destination_down_for_a_while_resumes_when_it_is_back_without_duplicates()
    {
        await using var forwarder = await HttpForwarder.StartAsync(distribution.BaseAddress, Ct);
        using var harbor = new HarborReplicationClient(Server);
        var (project, images) = await PushImagesAsync("outage", count: 4);
        var registryId = await harbor.CreateRegistryAsync(
            ReplicationNames.Unique("outage"), RegistryEndpointTypes.DockerRegistry, forwarder.BaseAddress, credentials: null, Ct);
        var policyId = await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("outage"), registryId, [ReplicationPolicies.NameFilter($"{project}/**")]), Ct);

        forwarder.GoDown();
        var executionId = await harbor.StartExecutionAsync(policyId, Ct);
        await harbor.WaitUntilAsync(
            () => Task.FromResult(forwarder.Count(r => r.Outcome == ForwardOutcome.Refused) >= 8),
            ExecutionLimit, "the tasks keep trying the unreachable destination", Ct);
        var during = await harbor.GetExecutionAsync(executionId, Ct);
        Assert.False(HarborReplicationClient.IsEnded(during), "the execution gave up while the destination was down:\n" + during.ToJsonString());
        forwarder.GoUp();

        var tasks = await harbor.AssertSucceedsAsync(executionId, ExecutionLimit, Ct);

        Assert.Equal(images.Count, tasks.Count);
        await AssertAllArrivedAsync(images);
        foreach (var (repository, tag, _) in images)
        {
            Assert.Equal(1, forwarder.ForwardedCount("PUT", $"/v2/{repository}/manifests/{tag}"));
        }

        // Each image has blobs of its own: every blob is committed once (PUT ending an upload, or a monolithic POST).
        var blobCount = images.Sum(i => i.Image.Blobs.Count());
        var committed = forwarder.Count(r => r.ReachedTarget && r.StatusCode == 201
            && r.Path.Contains("/blobs/uploads/", StringComparison.Ordinal) && r.Method is "PUT" or "POST");
        Assert.Equal(blobCount, committed);
    }

    private async Task<(string Project, IReadOnlyList<(string Repository, string Tag, TestImage Image)> Images)> PushImagesAsync(string prefix, int count)
    {
        using var harbor = new HarborReplicationClient(Server);
        using var local = new RegistryHttpClient(Server);
        var project = ReplicationNames.Project(prefix);
        await harbor.CreateProjectAsync(project, registryId: null, Ct);
        var images = new List<(string, string, TestImage)>();
        for (var i = 0; i < count; i++)
        {
            var image = TestImage.Create(layerCount: 2, fileSize: 48 * 1024);
            var repository = $"{project}/app{i}";
            await local.PushImageAsync(repository, "v1", image, Ct);
            images.Add((repository, "v1", image));
        }

        return (project, images);
    }

    /// <summary>Reads the destination directly (not through the forwarder): every manifest and blob intact.</summary>
    private async Task AssertAllArrivedAsync(IReadOnlyList<(string Repository, string Tag, TestImage Image)> images)
    {
        using var remote = new RegistryHttpClient(distribution.BaseAddress, distribution.Credentials);
        foreach (var (repository, tag, image) in images)
        {
            await RegistryContent.AssertImageAsync(remote, repository, tag, image, Ct);
        }
    }
}
