using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Push workflow, cross-repository blob mount (end-11): with and without <c>from</c>, and its fallbacks.</summary>
public sealed class MountTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertBlobAsync(RegistryClient client, string repo, byte[] content)
    {
        using var response = await client.GetAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Mount_from_source_repository_returns_201_and_links_blob()
    {
        using var admin = factory.Admin();
        var source = RegistryClient.UniqueRepo();
        var target = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(500);
        var digest = await admin.PushBlobAsync(source, content);

        using var mount = await admin.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}&from={source}");

        OciAssert.Status(mount, HttpStatusCode.Created);
        Assert.Equal(digest, OciAssert.Header(mount, "Docker-Content-Digest"));
        Assert.EndsWith($"/v2/{target}/blobs/{digest}", mount.Headers.Location!.ToString(), StringComparison.Ordinal);
        await AssertBlobAsync(admin, target, content);
    }

    [Fact]
    public async Task Mount_without_from_links_blob_known_anywhere()
    {
        using var admin = factory.Admin();
        var target = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(500);
        var digest = await admin.PushBlobAsync(RegistryClient.UniqueRepo(), content);

        using var mount = await admin.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}");

        OciAssert.Status(mount, HttpStatusCode.Created);
        Assert.Equal(digest, OciAssert.Header(mount, "Docker-Content-Digest"));
        await AssertBlobAsync(admin, target, content);
    }

    [Fact]
    public async Task Mount_of_unknown_blob_starts_an_upload_instead()
    {
        using var admin = factory.Admin();
        var target = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(300);
        var digest = Manifests.Digest(content);

        using var mount = await admin.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}&from={RegistryClient.UniqueRepo()}");

        OciAssert.Status(mount, HttpStatusCode.Accepted);
        var location = new Uri(admin.Http.BaseAddress!, mount.Headers.Location!);
        using var blob = await admin.HeadAsync($"/v2/{target}/blobs/{digest}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, digest), RegistryClient.Bytes(content));
        OciAssert.Status(put, HttpStatusCode.Created);
        await AssertBlobAsync(admin, target, content);
    }

    [Fact]
    public async Task Mount_from_repository_without_the_blob_starts_an_upload()
    {
        using var admin = factory.Admin();
        var digest = await admin.PushBlobAsync(RegistryClient.UniqueRepo(), Manifests.RandomBytes(64));
        var emptySource = RegistryClient.UniqueRepo();
        var target = RegistryClient.UniqueRepo();

        using var mount = await admin.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}&from={emptySource}");

        OciAssert.Status(mount, HttpStatusCode.Accepted);
        using var blob = await admin.HeadAsync($"/v2/{target}/blobs/{digest}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mount_from_repository_outside_token_scope_starts_an_upload()
    {
        using var admin = factory.Admin();
        var project = "mnt" + Guid.NewGuid().ToString("N")[..10];
        using var created = await admin.SendAsync(
            HttpMethod.Post, "/api/v2.0/projects", System.Net.Http.Json.JsonContent.Create(new { project_name = project, metadata = new { @public = "false" } }));
        OciAssert.Status(created, HttpStatusCode.Created);
        var source = $"{project}/secret";
        var digest = await admin.PushBlobAsync(source, Manifests.RandomBytes(128));
        var target = RegistryClient.UniqueRepo();
        using var scoped = factory.Bearer(await admin.TokenAsync($"repository:{target}:pull,push"));

        // The token may push to the target but may not read the source: mounting would leak the blob.
        using var mount = await scoped.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}&from={source}");

        OciAssert.Status(mount, HttpStatusCode.Accepted);
        using var blob = await admin.HeadAsync($"/v2/{target}/blobs/{digest}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mount_without_from_of_a_blob_the_caller_cannot_read_starts_an_upload()
    {
        using var admin = factory.Admin();
        var project = "mnt" + Guid.NewGuid().ToString("N")[..10];
        using var created = await admin.SendAsync(
            HttpMethod.Post, "/api/v2.0/projects", System.Net.Http.Json.JsonContent.Create(new { project_name = project, metadata = new { @public = "false" } }));
        OciAssert.Status(created, HttpStatusCode.Created);
        var digest = await admin.PushBlobAsync($"{project}/secret", Manifests.RandomBytes(128));
        var target = RegistryClient.UniqueRepo();
        using var scoped = factory.Bearer(await admin.TokenAsync($"repository:{target}:pull,push"));

        // Knowing a digest is not a read permission: the only repository holding it is private to this caller.
        using var mount = await scoped.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}");

        OciAssert.Status(mount, HttpStatusCode.Accepted);
        using var blob = await admin.HeadAsync($"/v2/{target}/blobs/{digest}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
    }
}
