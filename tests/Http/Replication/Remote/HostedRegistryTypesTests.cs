using System.Net;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// The per-type rules of hosted registries, against loopback stand-ins for their own APIs and real docker-registry
/// instances for their distribution API: Docker Hub (registry host, <c>library/</c>, listing), ECR (SigV4-signed token
/// request, AWS:password as Basic, repositories created before a push and listed through the ECR API), Google (<c>_json_key</c>), Harbor (project creation and API listing), and the
/// factory opening stored endpoints.
/// </summary>
public sealed class HostedRegistryTypesTests(HostedRegistryTypesFixture fixture) : IClassFixture<HostedRegistryTypesFixture>, IAsyncLifetime
{
    private const string EcrAccount = HostedServiceStandIns.EcrAccount;
    private RemoteTestServices? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IRemoteRegistryFactory Factory => _services!.Factory;

    public async ValueTask InitializeAsync() => _services = await RemoteTestServices.StartAsync(new Dictionary<string, string?>
    {
        [HostedRegistryEndpointsOptions.Section + ":DockerHubApi"] = fixture.StandIns.BaseAddress.ToString(),
        [HostedRegistryEndpointsOptions.Section + ":DockerHubRegistry"] = fixture.Hub.BaseAddress.ToString(),
        [HostedRegistryEndpointsOptions.Section + ":AwsEcrApi"] = fixture.StandIns.BaseAddress.ToString(),
    });

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Docker_hub_single_component_names_land_under_library_on_hubs_registry()
    {
        var hub = Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerHub, "https://hub.docker.com"), null);
        var name = "img" + Guid.NewGuid().ToString("N")[..8];
        var image = new TestImage(10, 10);

        Assert.True((await hub.PingAsync(Ct)).Healthy);
        await image.PushAsync(hub, name, "v1", chunkSize: 5, Ct);

        using var raw = fixture.Hub.CreateClient();
        using var response = await raw.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/library/{name}/manifests/v1") { Headers = { { "Accept", TestImage.IndexType } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(image.Index.Content, (await hub.GetManifestAsync(name, "v1", Ct))!.Content);
        Assert.Equal(image.Index.Content, (await hub.GetManifestAsync("library/" + name, "v1", Ct))!.Content);
    }

    [Fact]
    public async Task Docker_hub_lists_the_accounts_namespace_through_its_web_api_across_pages()
    {
        var hub = Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerHub, "https://hub.docker.com", accessKey: HostedServiceStandIns.HubUser),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.HubUser, fixture.StandIns.HubPassword));

        var repositories = await hub.ListRepositoriesAsync(Ct).ToListAsync(Ct);

        Assert.Equal(fixture.StandIns.HubRepositories.Select(r => HostedServiceStandIns.HubUser + "/" + r), repositories);
    }

    [Fact]
    public async Task Docker_hub_listing_with_a_wrong_password_fails_as_not_transient()
    {
        var hub = Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerHub, "https://hub.docker.com", accessKey: HostedServiceStandIns.HubUser),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.HubUser, "wrong-password"));

        var refused = await Assert.ThrowsAsync<OciRegistryException>(async () => await hub.ListRepositoriesAsync(Ct).ToListAsync(Ct));

        Assert.False(refused.Transient);
        Assert.DoesNotContain("wrong-password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ecr_buys_a_registry_password_with_a_sigv4_signed_request_and_reuses_it()
    {
        var ecr = Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.AwsEcr, EcrUrl(), accessKey: HostedServiceStandIns.EcrAccessKey),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.EcrAccessKey, fixture.StandIns.EcrSecret));
        var repository = "team/app-" + Guid.NewGuid().ToString("N")[..8];
        var image = new TestImage(10, 10);
        var before = fixture.StandIns.EcrTokensIssued;

        var health = await ecr.PingAsync(Ct);
        Assert.True(health.Healthy, health.Problem);
        await image.PushAsync(ecr, repository, "v1", chunkSize: 6, Ct);
        Assert.Equal(image.Index.Content, (await ecr.GetManifestAsync(repository, "v1", Ct))!.Content);

        Assert.Equal(before + 1, fixture.StandIns.EcrTokensIssued);
    }

    [Fact]
    public async Task Ecr_with_a_wrong_secret_is_unhealthy()
    {
        var ecr = Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.AwsEcr, EcrUrl(), accessKey: HostedServiceStandIns.EcrAccessKey),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.EcrAccessKey, "not-the-secret"));

        var health = await ecr.PingAsync(Ct);

        Assert.False(health.Healthy);
        Assert.DoesNotContain("not-the-secret", health.Problem!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ecr_creates_a_missing_repository_before_a_push_and_leaves_an_existing_one()
    {
        var ecr = OpenEcr(fixture.StandIns.EcrSecret);
        var repository = "team/new-" + Guid.NewGuid().ToString("N")[..8];
        var creates = fixture.StandIns.EcrCreateCalls;

        await ecr.PrepareRepositoryAsync(repository, Ct);
        Assert.Contains(repository, fixture.StandIns.EcrRepositories);
        Assert.Equal(creates + 1, fixture.StandIns.EcrCreateCalls);

        await ecr.PrepareRepositoryAsync(repository, Ct);
        await ecr.PrepareRepositoryAsync("team/existing", Ct);
        Assert.Equal(creates + 1, fixture.StandIns.EcrCreateCalls);

        // Missing when described, existing when created: another pusher won the race, which is just as good.
        await ecr.PrepareRepositoryAsync("team/raced", Ct);
        Assert.Equal(creates + 2, fixture.StandIns.EcrCreateCalls);
    }

    [Fact]
    public async Task Ecr_preparing_with_a_wrong_secret_fails_as_not_transient_and_creates_nothing()
    {
        var ecr = OpenEcr("not-the-secret");
        var repository = "team/refused-" + Guid.NewGuid().ToString("N")[..8];

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => ecr.PrepareRepositoryAsync(repository, Ct));

        Assert.False(refused.Transient);
        Assert.Equal("UnrecognizedClientException", refused.ErrorCode);
        Assert.DoesNotContain("not-the-secret", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(repository, fixture.StandIns.EcrRepositories);
    }

    [Fact]
    public async Task Ecr_lists_repositories_through_describe_repositories_across_pages()
    {
        var repositories = await OpenEcr(fixture.StandIns.EcrSecret).ListRepositoriesAsync(Ct).ToListAsync(Ct);

        Assert.Equal(fixture.StandIns.EcrRepositories.Order(StringComparer.Ordinal), repositories);
        Assert.Contains("zz/listed-3", repositories);
    }

    [Fact]
    public async Task Google_sends_the_json_key_as_the_password_of_json_key()
    {
        var gcr = Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.GoogleGcr, fixture.Google.BaseAddress.ToString(), accessKey: "anything"),
            new RegistryCredential(RegistryCredentialTypes.Basic, "anything", HostedRegistryTypesFixture.GoogleJsonKey));

        Assert.True((await gcr.PingAsync(Ct)).Healthy);
        Assert.Empty(await gcr.ListTagsAsync("some/repo", Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Harbor_creates_a_missing_project_before_a_push_and_leaves_an_existing_one()
    {
        var harbor = OpenHarbor();
        var project = "proj" + Guid.NewGuid().ToString("N")[..8];

        await harbor.PrepareRepositoryAsync(project + "/app", Ct);
        await harbor.PrepareRepositoryAsync(project + "/other", Ct);
        await harbor.PrepareRepositoryAsync("existing/app", Ct);

        Assert.Contains(project, fixture.StandIns.Projects);
        Assert.Single(fixture.StandIns.Projects, p => p == "existing");
    }

    [Fact]
    public async Task Harbor_lists_repositories_through_its_api_when_the_catalog_is_refused()
    {
        var repositories = await OpenHarbor().ListRepositoriesAsync(Ct).ToListAsync(Ct);

        Assert.Equal(fixture.StandIns.HarborRepositories.Values.SelectMany(r => r).Order(StringComparer.Ordinal), repositories.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_factory_opens_a_stored_endpoint_with_its_sealed_secret()
    {
        var endpoint = RemoteTestServices.Endpoint(RegistryEndpointTypes.GoogleGcr, fixture.Google.BaseAddress.ToString(), accessKey: "_json_key") with { HasSecret = true };
        var sealedSecret = await _services!.Protector.ProtectAsync(HostedRegistryTypesFixture.GoogleJsonKey, endpoint.Name, Ct);
        var stored = (await _services.Endpoints.TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint, sealedSecret), Ct)).Endpoint!;
        var moved = (await _services.Endpoints.TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint with { Name = "renamed-without-reseal" }, sealedSecret), Ct)).Endpoint!;

        var opened = await Factory.OpenAsync(stored.Id, Ct);

        Assert.NotNull(opened);
        Assert.Equal(stored, opened.Endpoint);
        Assert.True((await opened.PingAsync(Ct)).Healthy);
        Assert.Null(await Factory.OpenAsync(moved.Id + 1000, Ct));
        var damaged = await Assert.ThrowsAsync<OciRegistryException>(() => Factory.OpenAsync(moved.Id, Ct));
        Assert.False(damaged.Transient);
    }

    private IRemoteRegistry OpenEcr(string secret) =>
        Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.AwsEcr, EcrUrl(), accessKey: HostedServiceStandIns.EcrAccessKey),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.EcrAccessKey, secret));

    private IRemoteRegistry OpenHarbor() =>
        Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.Harbor, fixture.StandIns.BaseAddress.ToString(), accessKey: fixture.StandIns.HarborUser),
            new RegistryCredential(RegistryCredentialTypes.Basic, fixture.StandIns.HarborUser, fixture.StandIns.HarborPassword));

    // RemoteTestServices connects names under .localhost to loopback, so the ECR host pattern (and its region) can point here.
    private string EcrUrl() => $"http://{EcrAccount}.dkr.ecr.{HostedServiceStandIns.EcrRegion}.localhost:{fixture.Ecr.Port}";
}

/// <summary>The stand-ins plus three real docker-registry instances: Hub's (anonymous), ECR's and Google's (basic auth).</summary>
public sealed class HostedRegistryTypesFixture : IAsyncLifetime
{
    public const string GoogleJsonKey = """{"type":"service_account","project_id":"loopback","private_key_id":"k1"}""";

    public HostedServiceStandIns StandIns { get; private set; } = null!;

    public DistributionRegistry Hub { get; } = new();

    public DistributionRegistry Ecr { get; private set; } = null!;

    public DistributionRegistry Google { get; } = DistributionRegistry.Create(new DistributionRegistryOptions { Username = "_json_key", Password = GoogleJsonKey });

    public async ValueTask InitializeAsync()
    {
        StandIns = await HostedServiceStandIns.StartAsync();
        Ecr = DistributionRegistry.Create(new DistributionRegistryOptions { Username = "AWS", Password = StandIns.EcrRegistryPassword });
        await Task.WhenAll(Hub.StartAsync(), Ecr.StartAsync(), Google.StartAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Google.DisposeAsync();
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
