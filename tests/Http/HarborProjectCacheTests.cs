using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Project changes through the Harbor API reach the registry's cached project lookups at once.</summary>
public sealed class HarborProjectCacheTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Making_a_project_public_lets_anonymous_pull_at_once()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);
        var image = await admin.PushImageAsync($"{name}/app", "v1");
        using (var before = factory.Bearer(await anonymous.TokenAsync($"repository:{image.Repository}:pull")))
        {
            using var refused = await before.GetAsync($"/v2/{image.Repository}/manifests/v1");
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)refused.StatusCode}");
        }

        using var updated = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{name}", JsonContent.Create(new { metadata = new { @public = "true" } }));
        OciAssert.Status(updated, HttpStatusCode.OK);

        using var after = factory.Bearer(await anonymous.TokenAsync($"repository:{image.Repository}:pull"));
        using var pulled = await after.GetAsync($"/v2/{image.Repository}/manifests/v1");
        OciAssert.Status(pulled, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_a_project_refuses_pushes_into_it_at_once()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);
        using (var opened = await admin.SendAsync(HttpMethod.Post, $"/v2/{name}/app/blobs/uploads/"))
        {
            OciAssert.Status(opened, HttpStatusCode.Accepted);
        }

        using var deleted = await admin.DeleteAsync($"/api/v2.0/projects/{name}");
        OciAssert.Status(deleted, HttpStatusCode.OK);

        using var refused = await admin.SendAsync(HttpMethod.Post, $"/v2/{name}/app/blobs/uploads/");
        await OciAssert.ErrorAsync(refused, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }
}
