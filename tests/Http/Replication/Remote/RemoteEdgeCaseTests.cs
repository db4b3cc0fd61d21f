using System.Net;
using System.Text;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// What a well-behaved docker-registry never shows: blob redirects to storage on another host, a manifest that does
/// not match the digest the registry claims, throttling and outages. A Kestrel stand-in on two loopback ports (the
/// registry, asking for Basic auth, and "storage") plays them.
/// </summary>
public sealed class RemoteEdgeCaseTests : IAsyncLifetime
{
    private const string User = "puller";
    private const string Password = "Pw-edge-cases";
    private static readonly byte[] Blob = Encoding.UTF8.GetBytes("layer bytes served by storage");
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""");
    private readonly List<string?> _storageAuthorizations = [];
    private LoopbackStandInHost? _host;
    private RemoteTestServices? _services;
    private Uri _registry = null!;
    private Uri _storage = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await LoopbackStandInHost.StartAsync(MapRoutes, listeners: 2);
        _registry = _host.Addresses[0];
        _storage = _host.Addresses[1];
        _services = await RemoteTestServices.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>The registry (Basic auth) on the first listener; the storage it redirects blob reads to, open, on the second.</summary>
    private void MapRoutes(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var isStorage = context.Request.Path.StartsWithSegments("/storage", StringComparison.Ordinal);
            var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password));
            if (!isStorage && context.Request.Headers.Authorization != basic)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"edge\"";
                return;
            }

            await next(context);
        });
        app.MapGet("/v2/", () => Results.Ok());
        app.MapGet("/v2/edge/blobs/{digest}", (string digest) => Results.Redirect(new Uri(_storage, "/storage/" + digest).ToString(), permanent: false, preserveMethod: true));
        app.MapGet("/storage/{digest}", (HttpContext context) =>
        {
            lock (_storageAuthorizations)
            {
                _storageAuthorizations.Add(context.Request.Headers.Authorization.FirstOrDefault());
            }

            return Results.Bytes(Blob, "application/octet-stream");
        });
        app.MapGet("/v2/edge/manifests/lying", (HttpContext context) =>
        {
            context.Response.Headers["Docker-Content-Digest"] = TestImage.Digest([1]);
            return Results.Bytes(Manifest, TestImage.ManifestType);
        });
        app.MapGet("/v2/edge/manifests/throttled", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "7";
            return Results.Json(new { errors = new[] { new { code = "TOOMANYREQUESTS", message = "rate limit" } } }, statusCode: 429);
        });
        app.MapGet("/v2/edge/manifests/down", () => Results.StatusCode(503));
        app.MapGet("/v2/edge/manifests/denied", () => Results.Json(new { errors = new[] { new { code = "DENIED", message = "no" } } }, statusCode: 403));
    }

    [Fact]
    public async Task A_blob_redirected_to_another_host_is_fetched_without_the_registrys_credential()
    {
        var digest = TestImage.Digest(Blob);

        await using var blob = await Open().OpenBlobAsync("edge", digest, Ct);

        Assert.NotNull(blob);
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy, Ct);
        Assert.Equal(Blob, copy.ToArray());
        lock (_storageAuthorizations)
        {
            Assert.Equal([null], _storageAuthorizations);
        }
    }

    [Fact]
    public async Task A_blob_whose_bytes_do_not_match_fails_at_the_end_of_the_stream()
    {
        var other = TestImage.Digest([7, 7]);

        await using var blob = await Open().OpenBlobAsync("edge", other, Ct);

        Assert.NotNull(blob);
        var failure = await Assert.ThrowsAsync<OciRegistryException>(() => blob.Content.CopyToAsync(Stream.Null, Ct));
        Assert.False(failure.Transient);
    }

    [Fact]
    public async Task A_manifest_that_does_not_match_the_digest_the_registry_claims_is_refused()
    {
        var failure = await Assert.ThrowsAsync<OciRegistryException>(() => Open().GetManifestAsync("edge", "lying", Ct));

        Assert.False(failure.Transient);
        Assert.Contains("does not match", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_and_outages_are_transient_and_denial_is_not()
    {
        var registry = Open();

        var throttled = await Assert.ThrowsAsync<OciRegistryException>(() => registry.GetManifestAsync("edge", "throttled", Ct));
        var down = await Assert.ThrowsAsync<OciRegistryException>(() => registry.GetManifestAsync("edge", "down", Ct));
        var denied = await Assert.ThrowsAsync<OciRegistryException>(() => registry.GetManifestAsync("edge", "denied", Ct));

        Assert.True(throttled.Transient);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.RetryAfter);
        Assert.Equal("TOOMANYREQUESTS", throttled.ErrorCode);
        Assert.True(down.Transient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.False(denied.Transient);
        Assert.Equal("DENIED", denied.ErrorCode);
    }

    [Fact]
    public async Task A_registry_that_is_not_listening_is_a_transient_failure()
    {
        var port = Shared.Loopback.LoopbackPorts.PickFree();
        var registry = _services!.Factory.Open(RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerRegistry, $"http://127.0.0.1:{port}"), null);

        var failure = await Assert.ThrowsAsync<OciRegistryException>(() => registry.GetManifestAsync("edge", "v1", Ct));

        Assert.True(failure.Transient);
        Assert.Null(failure.StatusCode);
        Assert.False((await registry.PingAsync(Ct)).Healthy);
    }

    private IRemoteRegistry Open() =>
        _services!.Factory.Open(
            RemoteTestServices.Endpoint(RegistryEndpointTypes.DockerRegistry, _registry.ToString(), accessKey: User),
            new RegistryCredential(RegistryCredentialTypes.Basic, User, Password));
}
