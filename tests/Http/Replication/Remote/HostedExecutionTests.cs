using System.Net;
using System.Net.Http.Headers;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Execution;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// Hosted registries as the tasks of executions use them, through the real task runner, the copier and stored endpoints
/// (their secrets sealed), against the loopback stand-ins for the services' own APIs and real docker-registry instances
/// for their distribution API: Docker Hub organizations created before pushes once per namespace per execution, Hub's
/// web API token renewed when it expires or is refused, ECR's repository check once per repository per execution, and
/// replicated deletions to ECR through <c>BatchDeleteImage</c>.
/// </summary>
public sealed class HostedExecutionTests(HostedExecutionFixture fixture) : IClassFixture<HostedExecutionFixture>, IAsyncLifetime
{
    private const string Tag = "v1";
    private readonly ManualClock _clock = new();
    private RemoteTestServices? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HostedServiceStandIns StandIns => fixture.StandIns;

    private IRemoteRegistryFactory Factory => _services!.Factory;

    public async ValueTask InitializeAsync() => _services = await RemoteTestServices.StartAsync(
        new Dictionary<string, string?>
        {
            [HostedRegistryEndpointsOptions.Section + ":DockerHubApi"] = StandIns.BaseAddress.ToString(),
            [HostedRegistryEndpointsOptions.Section + ":DockerHubRegistry"] = fixture.Hub.BaseAddress.ToString(),
            [HostedRegistryEndpointsOptions.Section + ":AwsEcrApi"] = StandIns.BaseAddress.ToString(),
        },
        _clock);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Docker_hub_creates_a_missing_namespace_as_an_organization_once_for_all_tasks_of_an_execution()
    {
        var hub = await StoreHubAsync();
        var organization = "org" + Guid.NewGuid().ToString("N")[..8];
        var images = await SourceImagesAsync(3);
        var runner = Runner();
        var logins = StandIns.HubLogins;

        await Task.WhenAll(images.Select((image, i) => runner.RunAsync(Copy(image, $"{organization}/app{i}"), Push(hub), 1, null, null, Ct)));

        Assert.Contains(organization, StandIns.HubOrganizations);
        Assert.Equal(1, StandIns.HubCallCount("GET", $"/v2/orgs/{organization}/"));
        Assert.Equal(1, OrganizationCreations(organization));
        Assert.Equal(logins + 1, StandIns.HubLogins);
        for (var i = 0; i < images.Count; i++)
        {
            Assert.Equal(images[i].Image.Index.Digest, await DigestAtAsync(fixture.Hub, $"{organization}/app{i}", Tag));
        }

        // Another execution asks again (and finds it); nothing is created twice.
        await runner.RunAsync(Copy(images[0], $"{organization}/again"), Push(hub), 2, null, null, Ct);

        Assert.Equal(2, StandIns.HubCallCount("GET", $"/v2/orgs/{organization}/"));
        Assert.Equal(1, OrganizationCreations(organization));
    }

    [Fact]
    public async Task Docker_hub_leaves_an_existing_organization_and_the_accounts_own_namespace_alone()
    {
        var hub = await StoreHubAsync();
        var images = await SourceImagesAsync(2);
        var runner = Runner();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var creations = StandIns.HubCallCount("POST", "/v2/orgs/");

        foreach (var image in images)
        {
            await runner.RunAsync(Copy(image, $"{HostedServiceStandIns.HubOrganization}/tool-{suffix}-{image.Repository[^4..]}"), Push(hub), 7, null, null, Ct);
            await runner.RunAsync(Copy(image, $"{HostedServiceStandIns.HubUser}/app-{suffix}-{image.Repository[^4..]}"), Push(hub), 7, null, null, Ct);
        }

        Assert.Equal(1, StandIns.HubCallCount("GET", $"/v2/orgs/{HostedServiceStandIns.HubOrganization}/"));
        Assert.Equal(0, StandIns.HubCallCount("GET", $"/v2/orgs/{HostedServiceStandIns.HubUser}/"));
        Assert.Equal(creations, StandIns.HubCallCount("POST", "/v2/orgs/"));
        foreach (var image in images)
        {
            Assert.Equal(image.Image.Index.Digest, await DigestAtAsync(fixture.Hub, $"{HostedServiceStandIns.HubUser}/app-{suffix}-{image.Repository[^4..]}", Tag));
        }
    }

    [Fact]
    public async Task Docker_hub_refusing_to_create_the_organization_fails_every_task_into_it_with_hubs_reason()
    {
        var hub = await StoreHubAsync();
        var images = await SourceImagesAsync(2);
        var runner = Runner();
        var organization = HostedServiceStandIns.HubRefusedOrganization;
        var creations = OrganizationCreations(organization);

        var failures = await Task.WhenAll(images.Select((image, i) =>
            Assert.ThrowsAsync<OciRegistryException>(() => runner.RunAsync(Copy(image, $"{organization}/app{i}"), Push(hub), 3, null, null, Ct))));

        Assert.All(failures, failure =>
        {
            Assert.False(failure.Transient);
            Assert.Equal(HttpStatusCode.Forbidden, failure.StatusCode);
            Assert.Contains($"Docker Hub namespace {organization} does not exist and could not be created as an organization", failure.Message, StringComparison.Ordinal);
            Assert.Contains("maximum number of organizations", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(StandIns.HubPassword, failure.Message, StringComparison.Ordinal);
        });

        // Refused once: the second task took the same answer rather than asking again, and nothing was pushed.
        Assert.Equal(creations + 1, OrganizationCreations(organization));
        Assert.DoesNotContain(organization, StandIns.HubOrganizations);
        Assert.Null(await DigestAtAsync(fixture.Hub, $"{organization}/app0", Tag));
    }

    [Fact]
    public async Task Docker_hub_listing_keeps_one_token_while_it_lives_and_logs_in_again_once_it_expired()
    {
        var hub = OpenHub();
        var expected = StandIns.HubAccountNamespaces.SelectMany(ns => StandIns.HubRepositoriesByNamespace[ns].Select(r => ns + "/" + r)).ToList();
        var (logins, calls) = (StandIns.HubLogins, StandIns.HubCalls.Count);

        Assert.Equal(expected, await hub.ListRepositoriesAsync(Ct).ToListAsync(Ct));
        var first = StandIns.HubCalls.Skip(calls).ToList();
        Assert.Equal(logins + 1, StandIns.HubLogins);
        Assert.True(first.Count > 3);
        Assert.Single(first.Select(c => c.Token).Distinct());

        // The same session, past the token's exp: the next page goes with a fresh token.
        (logins, calls) = (StandIns.HubLogins, StandIns.HubCalls.Count);
        var listed = new List<string>();
        await foreach (var repository in hub.ListRepositoriesAsync(Ct))
        {
            listed.Add(repository);
            if (listed.Count == 1)
            {
                _clock.Advance(HostedServiceStandIns.HubTokenLifetime + TimeSpan.FromMinutes(1));
            }
        }

        var second = StandIns.HubCalls.Skip(calls).ToList();
        Assert.Equal(expected, listed);
        Assert.Equal(logins + 1, StandIns.HubLogins);
        Assert.All(second, c => Assert.True(c.Authorized));
        Assert.Equal(2, second.Select(c => c.Token).Prepend(first[0].Token).Distinct().Count());
        Assert.NotEqual(first[0].Token, second[^1].Token);
    }

    [Fact]
    public async Task Docker_hub_listing_logs_in_again_when_the_api_refuses_its_token_and_goes_on()
    {
        var hub = OpenHub();
        var expected = StandIns.HubAccountNamespaces.SelectMany(ns => StandIns.HubRepositoriesByNamespace[ns].Select(r => ns + "/" + r)).ToList();
        var (logins, calls) = (StandIns.HubLogins, StandIns.HubCalls.Count);
        var listed = new List<string>();

        await foreach (var repository in hub.ListRepositoriesAsync(Ct))
        {
            listed.Add(repository);
            if (listed.Count == 1)
            {
                StandIns.RevokeHubTokens();
            }
        }

        var made = StandIns.HubCalls.Skip(calls).ToList();
        Assert.Equal(expected, listed);
        Assert.Equal(logins + 2, StandIns.HubLogins);
        Assert.Single(made, c => !c.Authorized);
        Assert.True(made[^1].Authorized);
    }

    [Fact]
    public async Task Ecr_checks_a_repository_once_for_all_tasks_of_an_execution()
    {
        var ecr = await StoreEcrAsync();
        var repository = "team/once-" + Guid.NewGuid().ToString("N")[..8];
        var images = await SourceImagesAsync(3);
        var runner = Runner();

        await Task.WhenAll(images.Select(image => runner.RunAsync(Copy(image, repository, "t-" + image.Repository[^4..]), Push(ecr), 1, null, null, Ct)));

        Assert.Equal(1, StandIns.EcrCallCount("DescribeRepositories", repository));
        Assert.Equal(1, StandIns.EcrCallCount("CreateRepository", repository));
        foreach (var image in images)
        {
            Assert.Equal(image.Image.Index.Digest, await DigestAtAsync(fixture.Ecr, repository, "t-" + image.Repository[^4..]));
        }

        await runner.RunAsync(Copy(images[0], repository), Push(ecr), 2, null, null, Ct);

        Assert.Equal(2, StandIns.EcrCallCount("DescribeRepositories", repository));
        Assert.Equal(1, StandIns.EcrCallCount("CreateRepository", repository));
    }

    [Fact]
    public async Task Ecr_replicates_an_artifacts_deletion_through_batch_delete_image_by_digest()
    {
        var ecr = await StoreEcrAsync();
        var repository = "team/deleted-" + Guid.NewGuid().ToString("N")[..8];
        var image = (await SourceImagesAsync(1))[0];
        var runner = Runner();
        await runner.RunAsync(Copy(image, repository), Push(ecr), 1, null, null, Ct);
        Assert.Equal(image.Image.Index.Digest, await DigestAtAsync(fixture.Ecr, repository, Tag));

        var (summary, _) = await runner.RunAsync(Delete(image, repository, []), Push(ecr), 2, null, null, Ct);

        Assert.Equal($"Deleted {repository}@{image.Image.Index.Digest}", summary);
        var call = Assert.Single(StandIns.EcrCalls, c => c.Action == "BatchDeleteImage" && c.Repository == repository);
        Assert.Contains($"\"imageDigest\":\"{image.Image.Index.Digest}\"", call.Input, StringComparison.Ordinal);
        Assert.DoesNotContain("imageTag", call.Input, StringComparison.Ordinal);
        Assert.Contains($"\"registryId\":\"{HostedServiceStandIns.EcrAccount}\"", call.Input, StringComparison.Ordinal);
        Assert.Null(await DigestAtAsync(fixture.Ecr, repository, image.Image.Index.Digest));
        Assert.Null(await DigestAtAsync(fixture.Ecr, repository, Tag));

        // Gone already: ECR answers ImageNotFound, which is nothing to delete rather than a failure.
        var (again, _) = await runner.RunAsync(Delete(image, repository, []), Push(ecr), 3, null, null, Ct);
        Assert.StartsWith("Nothing to delete", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ecr_replicates_a_tags_deletion_through_batch_delete_image_by_tag()
    {
        var ecr = await StoreEcrAsync();
        var repository = "team/untagged-" + Guid.NewGuid().ToString("N")[..8];
        var image = (await SourceImagesAsync(1))[0];
        var runner = Runner();
        await runner.RunAsync(Copy(image, repository), Push(ecr), 1, null, null, Ct);

        var (summary, _) = await runner.RunAsync(Delete(image, repository, [Tag]), Push(ecr), 1, null, null, Ct);

        Assert.Equal($"Deleted {repository}@{image.Image.Index.Digest}", summary);
        var call = Assert.Single(StandIns.EcrCalls, c => c.Action == "BatchDeleteImage" && c.Repository == repository);
        Assert.Contains($"\"imageTag\":\"{Tag}\"", call.Input, StringComparison.Ordinal);
        Assert.DoesNotContain("imageDigest", call.Input, StringComparison.Ordinal);

        // Its only tag: ECR deletes the image with it.
        Assert.Null(await DigestAtAsync(fixture.Ecr, repository, Tag));
        Assert.Null(await DigestAtAsync(fixture.Ecr, repository, image.Image.Index.Digest));
    }

    [Fact]
    public async Task A_changed_endpoint_is_opened_afresh_for_the_same_execution()
    {
        var hub = await StoreHubAsync();
        var organization = "org" + Guid.NewGuid().ToString("N")[..8];
        var image = (await SourceImagesAsync(1))[0];
        var runner = Runner();
        await runner.RunAsync(Copy(image, $"{organization}/one"), Push(hub), 5, null, null, Ct);

        // A credential fixed between a failed task and its retry must not meet the old session.
        var stored = (await _services!.Endpoints.GetRegistryEndpointAsync(hub, Ct))!;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var changed = stored with { Endpoint = stored.Endpoint with { Description = "edited", UpdateTime = _clock.GetUtcNow() } };
        Assert.Equal(RegistryEndpointChange.Changed, (await _services.Endpoints.TryUpdateRegistryEndpointAsync(changed, Ct)).Outcome);
        await runner.RunAsync(Copy(image, $"{organization}/two"), Push(hub), 5, null, null, Ct);

        Assert.Equal(2, StandIns.HubCallCount("GET", $"/v2/orgs/{organization}/"));
        Assert.Equal(1, OrganizationCreations(organization));
    }

    private int OrganizationCreations(string organization) => StandIns.HubCreationRequests(organization);

    private ReplicationTaskRunner Runner()
    {
        var source = Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerRegistry, fixture.Source.BaseAddress.ToString()), null);
        var copier = new ArtifactCopier(new RecentBlobLocations(), _clock, NullLogger<ArtifactCopier>.Instance);
        return new ReplicationTaskRunner(new ReplicationSides(source, new ExecutionEndpoints(Factory, _clock)), copier, Options.Create(new ReplicationOptions()));
    }

    private async Task<IReadOnlyList<SourceImage>> SourceImagesAsync(int count)
    {
        var source = Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerRegistry, fixture.Source.BaseAddress.ToString()), null);
        var images = new List<SourceImage>();
        for (var i = 0; i < count; i++)
        {
            var image = new SourceImage("src/img-" + Guid.NewGuid().ToString("N")[..8], new TestImage(10, 10));
            await image.Image.PushAsync(source, image.Repository, Tag, chunkSize: 1 << 20, Ct);
            images.Add(image);
        }

        return images;
    }

    private static ReplicationRoute Push(long destination) => new(null, destination, Override: true, SpeedKibPerSecond: 0, CopyByChunk: false);

    private static ReplicationItem Copy(SourceImage image, string destination, string tag = Tag) =>
        new(ReplicationOperation.Copy, "image", image.Repository, image.Image.Index.Digest, [tag], destination);

    private static ReplicationItem Delete(SourceImage image, string destination, IReadOnlyList<string> tags) =>
        new(ReplicationOperation.Delete, "image", image.Repository, image.Image.Index.Digest, tags, destination);

    private IRemoteRegistry OpenHub() =>
        Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerHub, "https://hub.docker.com", accessKey: HostedServiceStandIns.HubUser),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.HubUser, StandIns.HubPassword));

    private Task<long> StoreHubAsync() =>
        StoreAsync(RegistryEndpointTypes.DockerHub, "https://hub.docker.com", HostedServiceStandIns.HubUser, StandIns.HubPassword);

    // RemoteTestServices connects names under .localhost to loopback, so the ECR host pattern (and its region) can point here.
    private Task<long> StoreEcrAsync() =>
        StoreAsync(
            RegistryEndpointTypes.AwsEcr, $"http://{HostedServiceStandIns.EcrAccount}.dkr.ecr.{HostedServiceStandIns.EcrRegion}.localhost:{fixture.Ecr.Port}",
            HostedServiceStandIns.EcrAccessKey, StandIns.EcrSecret);

    private async Task<long> StoreAsync(string type, string url, string accessKey, string secret)
    {
        var endpoint = RemoteTestServices.Endpoint(type, url, accessKey: accessKey) with { Name = type + "-" + Guid.NewGuid().ToString("N")[..8], HasSecret = true };
        var sealedSecret = await _services!.Protector.ProtectAsync(secret, endpoint.Name, Ct);
        var saved = await _services.Endpoints.TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint, sealedSecret), Ct);
        return saved.Endpoint!.Id;
    }

    /// <summary>What <paramref name="reference"/> names in the registry itself, or null when nothing.</summary>
    private static async Task<string?> DigestAtAsync(DistributionRegistry registry, string repository, string reference)
    {
        using var http = registry.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(TestImage.IndexType));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(TestImage.ManifestType));
        using var response = await http.SendAsync(request, Ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private sealed record SourceImage(string Repository, TestImage Image);
}

/// <summary>
/// The stand-ins plus three real docker-registry instances: Hub's registry (anonymous), ECR's (basic auth as
/// <c>AWS</c>, which the ECR stand-in's <c>BatchDeleteImage</c> deletes from) and a source to copy from.
/// </summary>
public sealed class HostedExecutionFixture : IAsyncLifetime
{
    public HostedServiceStandIns StandIns { get; private set; } = null!;

    public DistributionRegistry Hub { get; } = new();

    public DistributionRegistry Source { get; } = new();

    public DistributionRegistry Ecr { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        StandIns = await HostedServiceStandIns.StartAsync();
        Ecr = DistributionRegistry.Create(new DistributionRegistryOptions { Username = "AWS", Password = StandIns.EcrRegistryPassword });
        await Task.WhenAll(Hub.StartAsync(), Source.StartAsync(), Ecr.StartAsync());
        StandIns.UseEcrRegistry(Ecr.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Source.DisposeAsync();
        if (Ecr is not null)
        {
            await Ecr.DisposeAsync();
        }

        if (StandIns is not null)
        {
            await StandIns.DisposeAsync();
        }
    }
}
