using System.Net;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// The per-type rules of hosted registries, against loopback stand-ins for their own APIs and real docker-registry
/// instances for their distribution API: Docker Hub (registry host, <c>library/</c>, listing), ECR (SigV4-signed token
/// request, AWS:password as Basic, repositories created before a push and listed through the ECR API), Quay (API listing,
/// organizations), GHCR (named repositories), ACR (service principal, metadata_read), Google (<c>_json_key</c>), Harbor (project creation and API listing), and the
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
    public async Task Docker_hub_lists_every_namespace_of_the_account_through_its_web_api_across_pages()
    {
        var repositories = await OpenHub(fixture.StandIns.HubPassword).ListRepositoriesAsync(Ct).ToListAsync(Ct);

        var expected = fixture.StandIns.HubAccountNamespaces.SelectMany(ns => fixture.StandIns.HubRepositoriesByNamespace[ns].Select(r => ns + "/" + r));
        Assert.Equal(expected, repositories);
    }

    [Fact]
    public async Task Docker_hub_lists_the_namespaces_a_pull_policys_name_filter_names_even_public_ones_of_others()
    {
        var hub = (IRemoteRegistry)OpenHub(fixture.StandIns.HubPassword);
        var source = new RemoteReplicationSource(hub, RepositoryListingHint.FromNamePattern("{bitnami,library}/**"));

        var repositories = await source.ListRepositoriesAsync(Ct).ToListAsync(Ct);

        Assert.Equal(["bitnami/redis", "bitnami/postgresql", "library/alpine", "library/busybox", "library/nginx"], repositories);
    }

    [Fact]
    public async Task Docker_hub_without_a_credential_lists_the_official_images_under_library()
    {
        var hub = Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerHub, "https://hub.docker.com"), null);

        var repositories = await hub.ListRepositoriesAsync(Ct).ToListAsync(Ct);

        Assert.Equal(fixture.StandIns.HubRepositoriesByNamespace["library"].Select(r => "library/" + r), repositories);
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
    public async Task Quay_lists_the_namespaces_a_name_filter_names_through_its_api_private_ones_with_the_oauth_token()
    {
        var hint = RepositoryListingHint.FromNamePattern(HostedServiceStandIns.QuayNamespace + "/**");
        var inNamespace = fixture.StandIns.QuayRepositories.Where(r => r.Namespace == HostedServiceStandIns.QuayNamespace).ToList();

        var all = await ((IRemoteRegistry)OpenQuay(QuayJsonSecret(fixture.StandIns.QuayToken))).ListRepositoriesAsync(hint, Ct).ToListAsync(Ct);
        var anonymous = await ((IRemoteRegistry)Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.Quay, fixture.StandIns.BaseAddress.ToString()), null))
            .ListRepositoriesAsync(hint, Ct).ToListAsync(Ct);

        Assert.Equal(inNamespace.Select(r => r.Namespace + "/" + r.Name), all);
        Assert.Equal(inNamespace.Where(r => r.Public).Select(r => r.Namespace + "/" + r.Name), anonymous);
    }

    [Fact]
    public async Task Quay_without_a_named_namespace_lists_every_namespace_its_oauth_token_sees_through_its_api()
    {
        var repositories = await OpenQuay(QuayJsonSecret(fixture.StandIns.QuayToken)).ListRepositoriesAsync(Ct).ToListAsync(Ct);

        // The user's own namespace, then its organization's; private repositories too; never another namespace.
        var visible = new[] { HostedServiceStandIns.QuayUser, HostedServiceStandIns.QuayNamespace };
        var expected = visible.SelectMany(ns => fixture.StandIns.QuayRepositories.Where(r => r.Namespace == ns).Select(r => ns + "/" + r.Name));
        Assert.Equal(expected, repositories);
    }

    [Fact]
    public async Task Quay_without_a_named_namespace_and_with_a_refused_oauth_token_fails_as_not_transient()
    {
        var refused = await Assert.ThrowsAsync<OciRegistryException>(async () =>
            await OpenQuay(QuayJsonSecret("wrong-token")).ListRepositoriesAsync(Ct).ToListAsync(Ct));

        Assert.False(refused.Transient);
        Assert.Contains("name them in the policy's name filter", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quay_with_an_oauth_token_creates_a_missing_organization_before_a_push_and_leaves_existing_ones()
    {
        var quay = OpenQuay(QuayJsonSecret(fixture.StandIns.QuayToken));
        var organization = "org" + Guid.NewGuid().ToString("N")[..8];
        var creates = fixture.StandIns.QuayCreateCalls;

        await quay.PrepareRepositoryAsync(organization + "/app", Ct);
        await quay.PrepareRepositoryAsync(organization + "/other", Ct);
        await quay.PrepareRepositoryAsync(HostedServiceStandIns.QuayNamespace + "/app", Ct);

        // The robot's own organization is never asked about; without an API token nothing is created.
        await quay.PrepareRepositoryAsync("robotorg/app", Ct);
        var plain = Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.Quay, fixture.StandIns.BaseAddress.ToString(), accessKey: "robotorg+ci"),
            new RegistryCredential(RegistryCredentialTypes.Basic, "robotorg+ci", "robot-token"));
        await plain.PrepareRepositoryAsync("plain" + organization + "/app", Ct);

        Assert.Contains(organization, fixture.StandIns.QuayOrganizations);
        Assert.Equal(creates + 1, fixture.StandIns.QuayCreateCalls);
    }

    [Fact]
    public async Task Quay_with_a_wrong_oauth_token_fails_to_list_as_not_transient()
    {
        var hint = RepositoryListingHint.FromNamePattern(HostedServiceStandIns.QuayNamespace + "/**");

        var refused = await Assert.ThrowsAsync<OciRegistryException>(async () =>
            await ((IRemoteRegistry)OpenQuay(QuayJsonSecret("wrong-token"))).ListRepositoriesAsync(hint, Ct).ToListAsync(Ct));

        Assert.False(refused.Transient);
        Assert.DoesNotContain("wrong-token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ghcr_lists_the_repositories_a_name_filter_names_and_refuses_an_open_one()
    {
        var ghcr = (IRemoteRegistry)Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.GithubGhcr, "https://ghcr.io"), null);

        var named = await ghcr.ListRepositoriesAsync(RepositoryListingHint.FromNamePattern("acme/{app,tool}"), Ct).ToListAsync(Ct);
        var open = await Assert.ThrowsAsync<OciRegistryException>(async () =>
            await ghcr.ListRepositoriesAsync(RepositoryListingHint.FromNamePattern("acme/**"), Ct).ToListAsync(Ct));

        Assert.Equal(["acme/app", "acme/tool"], named);
        Assert.False(open.Transient);
        Assert.Contains("name filter", open.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acr_takes_a_service_principal_through_its_token_endpoint_and_lists_tags_with_metadata_read()
    {
        var acr = OpenAcr(fixture.Acr.ClientSecret);

        var health = await acr.PingAsync(Ct);
        var tags = await acr.ListTagsAsync(AcrStandIn.Repository, Ct).ToListAsync(Ct);

        Assert.True(health.Healthy, health.Problem);
        Assert.Equal(fixture.Acr.Tags, tags);
        Assert.Contains(fixture.Acr.TokenRequests, r => r.Split(' ').Contains($"repository:{AcrStandIn.Repository}:metadata_read"));
    }

    [Fact]
    public async Task Acr_with_a_wrong_secret_is_unhealthy()
    {
        var health = await OpenAcr("not-the-secret").PingAsync(Ct);

        Assert.False(health.Healthy);
        Assert.DoesNotContain("not-the-secret", health.Problem!, StringComparison.Ordinal);
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

    private IRemoteRegistry OpenHub(string password) =>
        Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerHub, "https://hub.docker.com", accessKey: HostedServiceStandIns.HubUser),
            new RegistryCredential(RegistryCredentialTypes.Basic, HostedServiceStandIns.HubUser, password));

    private IRemoteRegistry OpenQuay(string jsonSecret) =>
        Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.Quay, fixture.StandIns.BaseAddress.ToString(), accessKey: "json_file"),
            new RegistryCredential(RegistryCredentialTypes.Basic, "json_file", jsonSecret));

    private static string QuayJsonSecret(string token) =>
        $$"""{"account_name":"robotorg+ci","docker_cli_password":"cli-pass","oauth2_token":"{{token}}"}""";

    private IRemoteRegistry OpenAcr(string secret) =>
        Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.AzureAcr, fixture.Acr.BaseAddress.ToString(), accessKey: fixture.Acr.ClientId),
            new RegistryCredential(RegistryCredentialTypes.Basic, fixture.Acr.ClientId, secret));

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

    public AcrStandIn Acr { get; private set; } = null!;

    public DistributionRegistry Hub { get; } = new();

    public DistributionRegistry Ecr { get; private set; } = null!;

    public DistributionRegistry Google { get; } = DistributionRegistry.Create(new DistributionRegistryOptions { Username = "_json_key", Password = GoogleJsonKey });

    public async ValueTask InitializeAsync()
    {
        StandIns = await HostedServiceStandIns.StartAsync();
        Acr = await AcrStandIn.StartAsync();
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

        if (Acr is not null)
        {
            await Acr.DisposeAsync();
        }
    }
}
