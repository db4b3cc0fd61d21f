using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>The remote client against an anonymous docker-registry.</summary>
public sealed class AnonymousDistributionRemoteTests(DistributionRegistry distribution) : RemoteOciRegistryContract, IClassFixture<DistributionRegistry>, IAsyncLifetime
{
    private RemoteTestServices? _services;

    public async ValueTask InitializeAsync() => _services = await RemoteTestServices.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected override Task<IRemoteRegistry> OpenAsync() =>
        Task.FromResult(_services!.Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerRegistry, distribution.BaseAddress.ToString()), null));
}

/// <summary>
/// The remote client against docker-registry with distribution's token auth and a stand-in token server: every call
/// goes through the 401 challenge, a token request with the account's Basic credentials, and the cached token.
/// </summary>
public sealed class TokenAuthDistributionRemoteTests(TokenAuthDistribution fixture) : RemoteOciRegistryContract, IClassFixture<TokenAuthDistribution>, IAsyncLifetime
{
    private RemoteTestServices? _services;

    public async ValueTask InitializeAsync() => _services = await RemoteTestServices.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected override Task<IRemoteRegistry> OpenAsync() => Task.FromResult(Open(RegistryEndpointTypes.DockerRegistry, fixture.Tokens.Password));

    [Fact]
    public async Task A_wrong_password_makes_ping_unhealthy_and_calls_fail_as_not_transient()
    {
        var registry = Open(RegistryEndpointTypes.DockerRegistry, "wrong");

        var health = await registry.PingAsync(Ct);
        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => registry.GetManifestAsync("any/repo", "v1", Ct));

        Assert.False(health.Healthy);
        Assert.False(refused.Transient);
        Assert.DoesNotContain("wrong", health.Problem!, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_cached_per_scope()
    {
        var registry = Open(RegistryEndpointTypes.DockerRegistry, fixture.Tokens.Password);
        var repository = $"cache/app-{Guid.NewGuid():N}"[..20];
        var image = new TestImage(10, 10);
        await image.PushAsync(registry, repository, "v1", chunkSize: 3, Ct);
        var before = fixture.Tokens.Requests.Count;

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await registry.GetManifestAsync(repository, "v1", Ct));
            Assert.True(await registry.BlobExistsAsync(repository, image.ConfigDescriptor.Digest, Ct));
        }

        // One more token, for the pull scope; the push token served the whole push.
        Assert.Equal(before + 1, fixture.Tokens.Requests.Count);
        Assert.Equal($"repository:{repository}:pull", fixture.Tokens.Requests[^1]);
    }

    [Fact]
    public async Task A_token_narrower_than_asked_is_widened_once_when_the_registry_answers_insufficient_scope()
    {
        var registry = Open(RegistryEndpointTypes.DockerRegistry, fixture.Tokens.Password);
        var repository = $"narrow/app-{Guid.NewGuid():N}"[..20];
        var image = new TestImage(10, 10);
        fixture.Tokens.GrantOnlyPull(repository, 1);

        await image.PushAsync(registry, repository, "v1", chunkSize: 4, Ct);

        // The pull-only token drew distribution's insufficient_scope challenge; one more token for the scope it named
        // (granted in full this time) carried the push.
        Assert.Equal(2, PushTokenRequests(repository));
        Assert.Equal(image.Index.Content, (await registry.GetManifestAsync(repository, "v1", Ct))!.Content);
    }

    [Fact]
    public async Task A_token_service_that_keeps_granting_too_little_gets_one_more_request_not_a_loop()
    {
        var registry = Open(RegistryEndpointTypes.DockerRegistry, fixture.Tokens.Password);
        var repository = $"stingy/app-{Guid.NewGuid():N}"[..20];
        var image = new TestImage(10, 10);
        fixture.Tokens.GrantOnlyPull(repository, int.MaxValue);

        using var content = new MemoryStream(image.Config);
        var refused = await Assert.ThrowsAsync<OciRegistryException>(
            () => registry.PushBlobAsync(repository, image.ConfigDescriptor, content, chunkSize: null, Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Transient);
        Assert.Equal(2, PushTokenRequests(repository));
    }

    [Theory]
    [InlineData(RegistryEndpointTypes.GithubGhcr)]
    [InlineData(RegistryEndpointTypes.Quay)]
    [InlineData(RegistryEndpointTypes.AzureAcr)]
    [InlineData(RegistryEndpointTypes.Harbor)]
    public async Task Bearer_registry_types_push_and_pull_through_the_token_flow(string type)
    {
        var registry = Open(type, fixture.Tokens.Password);
        var repository = $"{type}/app-{Guid.NewGuid():N}"[..24];
        var image = new TestImage(10, 10);

        Assert.True((await registry.PingAsync(Ct)).Healthy);
        await image.PushAsync(registry, repository, "v1", chunkSize: 4, Ct);

        Assert.Equal(image.Index.Content, (await registry.GetManifestAsync(repository, "v1", Ct))!.Content);
    }

    // Distribution names the scope it needs with the actions in any order ("push,pull"), so match by repository and action.
    private int PushTokenRequests(string repository) =>
        fixture.Tokens.Requests.Count(r => r.Contains($"repository:{repository}:", StringComparison.Ordinal) && r.Contains("push", StringComparison.Ordinal));

    private IRemoteRegistry Open(string type, string password) =>
        _services!.Factory.Open(
            RemoteTestServices.Endpoint(type, fixture.Registry.BaseAddress.ToString(), accessKey: fixture.Tokens.Username),
            new RegistryCredential(RegistryCredentialTypes.Basic, fixture.Tokens.Username, password));
}

/// <summary>A docker-registry whose auth is a <see cref="StandInTokenServer"/>'s tokens.</summary>
public sealed class TokenAuthDistribution : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ak-token-" + Guid.NewGuid().ToString("N"));

    public StandInTokenServer Tokens { get; private set; } = null!;

    public DistributionRegistry Registry { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Tokens = await StandInTokenServer.StartAsync(_directory);
        Registry = DistributionRegistry.Create(new DistributionRegistryOptions
        {
            TokenAuth = new DistributionTokenAuth(Tokens.Realm, StandInTokenServer.Service, StandInTokenServer.Issuer, Tokens.CertificatePath),
        });
        await Registry.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
