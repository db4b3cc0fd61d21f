using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// Push replication to a second instance of this registry (endpoint type <c>artifact-keeper</c>, basic credentials of
/// its admin): filters with an <c>excludes</c> tag rule, an index and a signed image whose SBOM the destination then
/// lists through its own referrers API.
/// </summary>
public sealed class PushToSecondInstanceTests(RegistryServer server, SecondRegistryServer second)
    : IClassFixture<RegistryServer>, IClassFixture<SecondRegistryServer>
{
    private static readonly TimeSpan ExecutionLimit = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Filters_an_index_and_a_signed_image_replicate_to_another_instance()
    {
        var destination = second.Server;
        using var harbor = new HarborReplicationClient(server);
        using var destinationHarbor = new HarborReplicationClient(destination);
        using var local = new RegistryHttpClient(server);
        using var remote = new RegistryHttpClient(destination);
        var project = ReplicationNames.Project("peer");
        await harbor.CreateProjectAsync(project, registryId: null, Ct);

        // Harbor's own adapter creates missing projects; creating it first keeps this test about the copy.
        await destinationHarbor.CreateProjectAsync(project, registryId: null, Ct);
        var release = TestImage.Create(layerCount: 2);
        await local.PushImageAsync($"{project}/app", "1.0", release, Ct);
        await local.PushImageAsync($"{project}/app", "dev-1", TestImage.Create(), Ct);

        // A project whose name starts like the chosen one: the name filter's "/" must keep it out.
        await harbor.CreateProjectAsync(project + "x", registryId: null, Ct);
        await local.PushImageAsync($"{project}x/app", "1.0", TestImage.Create(), Ct);
        var index = await MultiArch.PushWithSkopeoAsync(server, $"{project}/multi", "1.0", Ct);
        var signed = SignedImage.Create();
        await signed.PushAsync(local, $"{project}/signed", "1.0", Ct);
        var registryId = await harbor.CreateRegistryAsync(
            ReplicationNames.Unique("peer"), RegistryEndpointTypes.ArtifactKeeper, destination.BaseAddress, destination.AdminCredentials, Ct);
        var policyId = await harbor.CreatePolicyAsync(ReplicationPolicies.Push(
            ReplicationNames.Unique("peer"), registryId,
            [ReplicationPolicies.NameFilter($"{project}/**"), ReplicationPolicies.TagFilter("dev*", "excludes")]), Ct);

        var executionId = await harbor.StartExecutionAsync(policyId, Ct);
        await harbor.AssertSucceedsAsync(executionId, ExecutionLimit, Ct);

        Assert.Equal(["1.0"], await RegistryContent.TagsAsync(remote, $"{project}/app", Ct));
        Assert.Empty(await RegistryContent.TagsAsync(remote, $"{project}x/app", Ct));
        await RegistryContent.AssertImageAsync(remote, $"{project}/app", "1.0", release, Ct);
        await index.AssertReplicatedAsync(remote, $"{project}/multi", "1.0", Ct);
        await RegistryContent.AssertImageAsync(remote, $"{project}/signed", "1.0", signed.Image, Ct);
        Assert.Equal(signed.Signature.Descriptor.Digest, await RegistryContent.ManifestDigestAsync(remote, $"{project}/signed", signed.SignatureTag, Ct));
        await RegistryContent.AssertManifestAsync(remote, $"{project}/signed", signed.Sbom.Descriptor.Digest, signed.Sbom.Content, Ct);

        using var referrers = await remote.GetAsync(
            $"v2/{project}/signed/referrers/{signed.Image.Manifest.Descriptor.Digest}", Ct, OciMediaTypes.ImageIndex);
        Assert.Equal(HttpStatusCode.OK, referrers.StatusCode);
        var listed = JsonNode.Parse(await referrers.Content.ReadAsStringAsync(Ct))!["manifests"]!.AsArray();
        var sbom = Assert.Single(listed, r => (string?)r!["digest"] == signed.Sbom.Descriptor.Digest);
        Assert.Equal(SignedImage.SbomType, (string?)sbom!["artifactType"]);
    }
}
