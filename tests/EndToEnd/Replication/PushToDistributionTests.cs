using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// Push replication from this registry to CNCF distribution (docker-registry 2.8, which has no referrers API),
/// driven through Harbor's API: filters choose exactly the right artifacts, an index and a signed image arrive
/// whole, and deletions follow when the policy asks for it.
/// </summary>
public sealed class PushToDistributionTests(RegistryServer server, DistributionRegistry distribution)
    : IClassFixture<RegistryServer>, IClassFixture<DistributionRegistry>
{
    private static readonly TimeSpan ExecutionLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PolicyCacheTime = TimeSpan.FromSeconds(12);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Name_and_tag_filters_replicate_exactly_the_chosen_artifacts_under_the_destination_namespace()
    {
        using var harbor = new HarborReplicationClient(server);
        using var local = new RegistryHttpClient(server);
        using var remote = new RegistryHttpClient(distribution.BaseAddress, distribution.Credentials);
        var project = ReplicationNames.Project("filters");
        await harbor.CreateProjectAsync(project, registryId: null, Ct);
        var webV1 = TestImage.Create();
        var webV2 = TestImage.Create();
        var apiV1 = TestImage.Create();
        await local.PushImageAsync($"{project}/app/web", "v1", webV1, Ct);
        await local.PushImageAsync($"{project}/app/web", "v2", webV2, Ct);
        await local.PushImageAsync($"{project}/app/web", "dev", TestImage.Create(), Ct);
        await local.PushImageAsync($"{project}/app/api", "v1", apiV1, Ct);
        await local.PushImageAsync($"{project}/tools/lint", "v1", TestImage.Create(), Ct);
        var registryId = await harbor.CreateRegistryAsync(ReplicationNames.Unique("dist"), RegistryEndpointTypes.DockerRegistry, distribution.BaseAddress, distribution.Credentials, Ct);
        var mirror = ReplicationNames.Unique("mirror");
        var policyId = await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("filters"), registryId,
            [ReplicationPolicies.NameFilter($"{project}/app/**"), ReplicationPolicies.TagFilter("v*")],
            destinationNamespace: mirror, destinationNamespaceReplaceCount: 1), Ct);

        var executionId = await harbor.StartExecutionAsync(policyId, Ct);
        var tasks = await harbor.AssertSucceedsAsync(executionId, ExecutionLimit, Ct);

        Assert.Equal(3, tasks.Count);
        var replicated = (await RegistryContent.CatalogAsync(remote, Ct)).Where(r => r.StartsWith(mirror + "/", StringComparison.Ordinal));
        Assert.Equal([$"{mirror}/app/api", $"{mirror}/app/web"], replicated);
        Assert.Equal(["v1", "v2"], await RegistryContent.TagsAsync(remote, $"{mirror}/app/web", Ct));
        Assert.Equal(["v1"], await RegistryContent.TagsAsync(remote, $"{mirror}/app/api", Ct));
        await RegistryContent.AssertImageAsync(remote, $"{mirror}/app/web", "v1", webV1, Ct);
        await RegistryContent.AssertImageAsync(remote, $"{mirror}/app/web", "v2", webV2, Ct);
        await RegistryContent.AssertImageAsync(remote, $"{mirror}/app/api", "v1", apiV1, Ct);
    }

    [Fact]
    public async Task A_multi_arch_index_and_a_signed_image_arrive_whole_with_their_accessories()
    {
        using var harbor = new HarborReplicationClient(server);
        using var local = new RegistryHttpClient(server);
        using var remote = new RegistryHttpClient(distribution.BaseAddress, distribution.Credentials);
        var project = ReplicationNames.Project("whole");
        await harbor.CreateProjectAsync(project, registryId: null, Ct);
        var index = await MultiArch.PushWithSkopeoAsync(server, $"{project}/multi", "v1", Ct);
        var signed = SignedImage.Create();
        await signed.PushAsync(local, $"{project}/signed", "v1", Ct);
        var registryId = await harbor.CreateRegistryAsync(ReplicationNames.Unique("dist"), RegistryEndpointTypes.DockerRegistry, distribution.BaseAddress, distribution.Credentials, Ct);

        // Only v1 matches the tag filter: the signature's and the SBOM's own tags do not, yet they travel with their subject.
        var policyId = await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("whole"), registryId,
            [ReplicationPolicies.NameFilter($"{project}/**"), ReplicationPolicies.TagFilter("v1")]), Ct);

        var executionId = await harbor.StartExecutionAsync(policyId, Ct);
        await harbor.AssertSucceedsAsync(executionId, ExecutionLimit, Ct);

        await index.AssertReplicatedAsync(remote, $"{project}/multi", "v1", Ct);
        await AssertSignedImageAsync(remote, $"{project}/signed", signed);
    }

    [Fact]
    public async Task Deletion_replicates_only_for_the_policy_that_asks_for_it()
    {
        using var harbor = new HarborReplicationClient(server);
        using var local = new RegistryHttpClient(server);
        using var remote = new RegistryHttpClient(distribution.BaseAddress, distribution.Credentials);
        var project = ReplicationNames.Project("deletion");
        await harbor.CreateProjectAsync(project, registryId: null, Ct);
        var registryId = await harbor.CreateRegistryAsync(ReplicationNames.Unique("dist"), RegistryEndpointTypes.DockerRegistry, distribution.BaseAddress, distribution.Credentials, Ct);
        var mirror = ReplicationNames.Unique("mirror");
        var keep = ReplicationNames.Unique("keep");
        await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("mirror"), registryId, [ReplicationPolicies.NameFilter($"{project}/**")],
            trigger: ReplicationTriggers.EventBased, destinationNamespace: mirror, destinationNamespaceReplaceCount: 1, replicateDeletion: true), Ct);
        await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("keep"), registryId, [ReplicationPolicies.NameFilter($"{project}/**")],
            trigger: ReplicationTriggers.EventBased, destinationNamespace: keep, destinationNamespaceReplaceCount: 1, replicateDeletion: false), Ct);
        var image = TestImage.Create();
        var digest = image.Manifest.Descriptor.Digest;

        // The gateway keeps its list of event-based policies for a few seconds (10 s at the time of writing), so a push
        // at once after creating them may go unseen, as in Harbor; wait that out before the push that should trigger them.
        await Task.Delay(PolicyCacheTime, Ct);

        // The push itself triggers both event-based policies.
        await local.PushImageAsync($"{project}/app", "v1", image, Ct);
        await harbor.WaitUntilAsync(
            async () => await RegistryContent.ManifestDigestAsync(remote, $"{mirror}/app", "v1", Ct) == digest
                && await RegistryContent.ManifestDigestAsync(remote, $"{keep}/app", "v1", Ct) == digest,
            ExecutionLimit, "the pushed image reaches both destinations", Ct);

        await harbor.DeleteArtifactAsync($"{project}/app", digest, Ct);
        await harbor.WaitUntilAsync(
            async () => await RegistryContent.ManifestAsync(remote, $"{mirror}/app", digest, Ct) is null,
            ExecutionLimit, "the deletion reaches the mirror", Ct);

        Assert.Null(await RegistryContent.ManifestAsync(remote, $"{mirror}/app", "v1", Ct));
        await RegistryContent.AssertImageAsync(remote, $"{keep}/app", "v1", image, Ct);
    }

    /// <summary>The image, its legacy <c>.sig</c> tag and its SBOM referrer behind the <c>sha256-&lt;hex&gt;</c> fallback tag.</summary>
    private static async Task AssertSignedImageAsync(RegistryHttpClient remote, string repository, SignedImage signed)
    {
        await RegistryContent.AssertImageAsync(remote, repository, "v1", signed.Image, Ct);
        Assert.Equal(signed.Signature.Descriptor.Digest, await RegistryContent.ManifestDigestAsync(remote, repository, signed.SignatureTag, Ct));
        await RegistryContent.AssertManifestAsync(remote, repository, signed.Sbom.Descriptor.Digest, signed.Sbom.Content, Ct);
        foreach (var blob in signed.AccessoryBlobs)
        {
            await RegistryContent.AssertBlobAsync(remote, repository, blob.Descriptor.Digest, Ct);
        }

        var fallback = await RegistryContent.ManifestAsync(remote, repository, signed.ReferrersFallbackTag, Ct);
        Assert.True(fallback is not null, $"no referrers fallback tag {signed.ReferrersFallbackTag} in {repository}");
        var referrers = JsonNode.Parse(fallback)!["manifests"]!.AsArray();
        var sbom = Assert.Single(referrers, r => (string?)r!["digest"] == signed.Sbom.Descriptor.Digest);
        Assert.Equal(SignedImage.SbomType, (string?)sbom!["artifactType"]);
    }
}
