using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's artifact label operations: POST and DELETE
/// <c>/projects/{p}/repositories/{r}/artifacts/{reference}/labels</c>, their refusals, and that a refusal changes nothing.
/// </summary>
public sealed class HarborArtifactLabelsTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const int ProjectAdmin = 1, Developer = 2, Guest = 3, Maintainer = 4, LimitedGuest = 5;

    /// <summary>A private project with one image pushed as <c>{project}/{repository}:v1</c>.</summary>
    private async Task<(string Project, long ProjectId, PushedImage Image)> ImageAsync(string repository = "app", bool isPublic = false)
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        var projectId = await HarborProjects.CreateAsync(admin, project, isPublic);
        var image = await admin.PushImageAsync($"{project}/{repository}", "v1");
        return (project, projectId, image);
    }

    private async Task<RegistryClient> MemberAsync(string project, int roleId)
    {
        var username = HarborUsers.NewName();
        var client = await factory.NewUserAsync(username);
        if (roleId != 0)
        {
            using var admin = factory.Admin();
            await HarborMembers.AddUserAsync(admin, project, username, roleId);
        }

        return client;
    }

    [Fact]
    public async Task Attach_by_tag_and_by_digest_then_detach_answers_200_and_the_store_follows()
    {
        using var admin = factory.Admin();
        var (project, projectId, image) = await ImageAsync();
        var local = await HarborLabels.CreateProjectAsync(admin, projectId);
        var global = await HarborLabels.CreateGlobalAsync(admin);

        using var byTag = await HarborLabels.AttachAsync(admin, project, "app", "v1", local);
        using var byDigest = await HarborLabels.AttachAsync(admin, project, "app", image.Digest, global);

        OciAssert.Status(byTag, HttpStatusCode.OK);
        OciAssert.Status(byDigest, HttpStatusCode.OK);
        Assert.Equal([local, global], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));

        using var detach = await HarborLabels.DetachAsync(admin, project, "app", image.Digest, local);

        OciAssert.Status(detach, HttpStatusCode.OK);
        Assert.Equal([global], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Fact]
    public async Task Repository_names_with_slashes_arrive_double_encoded()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync("team/sub/app");
        var global = await HarborLabels.CreateGlobalAsync(admin);

        using var attach = await HarborLabels.AttachAsync(admin, project, "team/sub/app", "v1", global);
        using var once = await admin.SendAsync(
            HttpMethod.Delete, $"/api/v2.0/projects/{project}/repositories/team%2Fsub%2Fapp/artifacts/v1/labels/{HarborLabels.Id(global)}");

        OciAssert.Status(attach, HttpStatusCode.OK);
        OciAssert.Status(once, HttpStatusCode.OK);
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
        Assert.Contains("%252F", HarborLabels.ArtifactPath(project, "team/sub/app", "v1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attaching_twice_is_409_and_keeps_one_link()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();
        var global = await HarborLabels.CreateGlobalAsync(admin);
        using var first = await HarborLabels.AttachAsync(admin, project, "app", "v1", global);

        using var again = await HarborLabels.AttachAsync(admin, project, "app", image.Digest, global);

        await OciAssert.ErrorAsync(again, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal([global], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Fact]
    public async Task A_label_of_another_project_is_not_found_there_and_attaches_nothing()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();
        var (_, otherId, _) = await ImageAsync();
        var foreign = await HarborLabels.CreateProjectAsync(admin, otherId);

        using var response = await HarborLabels.AttachAsync(admin, project, "app", "v1", foreign);

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Fact]
    public async Task Unknown_labels_artifacts_repositories_and_projects_are_404_and_attach_nothing()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();
        var global = await HarborLabels.CreateGlobalAsync(admin);

        using var unknownLabel = await HarborLabels.AttachAsync(admin, project, "app", "v1", 987654321);
        using var unknownTag = await HarborLabels.AttachAsync(admin, project, "app", "v2", global);
        using var unknownDigest = await HarborLabels.AttachAsync(admin, project, "app", "sha256:" + new string('0', 64), global);
        using var unknownRepository = await HarborLabels.AttachAsync(admin, project, "nothing", "v1", global);
        using var unknownProject = await HarborLabels.AttachAsync(admin, HarborProjects.NewName(), "app", "v1", global);

        foreach (var response in new[] { unknownLabel, unknownTag, unknownDigest, unknownRepository, unknownProject })
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Theory]
    [InlineData("{\"id\":")]
    [InlineData("{\"id\":\"1\"}")]
    [InlineData("{}")]
    [InlineData("{\"id\":0}")]
    [InlineData("{\"id\":-3}")]
    [InlineData("")]
    [InlineData("[1]")]
    public async Task Attach_with_a_bad_body_is_400_and_attaches_nothing(string body)
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();

        using var response = await admin.SendAsync(HttpMethod.Post, HarborLabels.ArtifactPath(project, "app", "v1"), HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Theory]
    [InlineData("App", "v1")]
    [InlineData("app", "sha256:short")]
    [InlineData("app", ".bad")]
    public async Task Attach_with_an_invalid_repository_name_or_reference_is_400(string repository, string reference)
    {
        using var admin = factory.Admin();
        var (project, _, _) = await ImageAsync();
        var global = await HarborLabels.CreateGlobalAsync(admin);

        using var response = await HarborLabels.AttachAsync(admin, project, repository, reference, global);

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Theory]
    [InlineData(ProjectAdmin)]
    [InlineData(Maintainer)]
    [InlineData(Developer)]
    public async Task Attach_and_detach_are_allowed_to_project_admins_maintainers_and_developers(int roleId)
    {
        using var admin = factory.Admin();
        var (project, projectId, image) = await ImageAsync();
        var label = await HarborLabels.CreateProjectAsync(admin, projectId);
        using var member = await MemberAsync(project, roleId);

        using var attach = await HarborLabels.AttachAsync(member, project, "app", "v1", label);
        OciAssert.Status(attach, HttpStatusCode.OK);
        Assert.Equal([label], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));

        using var detach = await HarborLabels.DetachAsync(member, project, "app", "v1", label);
        OciAssert.Status(detach, HttpStatusCode.OK);
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Theory]
    [InlineData(Guest)]
    [InlineData(LimitedGuest)]
    [InlineData(0)]
    public async Task Attach_and_detach_are_403_to_other_roles_and_change_nothing(int roleId)
    {
        using var admin = factory.Admin();
        var (project, projectId, image) = await ImageAsync();
        var attached = await HarborLabels.CreateProjectAsync(admin, projectId);
        var other = await HarborLabels.CreateProjectAsync(admin, projectId);
        using var setup = await HarborLabels.AttachAsync(admin, project, "app", "v1", attached);
        using var member = await MemberAsync(project, roleId);

        using var attach = await HarborLabels.AttachAsync(member, project, "app", "v1", other);
        using var detach = await HarborLabels.DetachAsync(member, project, "app", "v1", attached);

        await OciAssert.ErrorAsync(attach, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(detach, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal([attached], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Fact]
    public async Task Anonymous_callers_get_401_even_in_a_public_project()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync(isPublic: true);
        var global = await HarborLabels.CreateGlobalAsync(admin);
        using var anonymous = factory.Anonymous();

        using var attach = await HarborLabels.AttachAsync(anonymous, project, "app", "v1", global);
        using var detach = await HarborLabels.DetachAsync(anonymous, project, "app", "v1", global);

        await OciAssert.ErrorAsync(attach, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(detach, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Fact]
    public async Task Detach_of_a_label_the_artifact_lacks_is_404_and_a_bad_label_id_is_400()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();
        var attached = await HarborLabels.CreateGlobalAsync(admin);
        var other = await HarborLabels.CreateGlobalAsync(admin);
        using var setup = await HarborLabels.AttachAsync(admin, project, "app", "v1", attached);

        using var notAttached = await HarborLabels.DetachAsync(admin, project, "app", "v1", other);
        using var unknownArtifact = await HarborLabels.DetachAsync(admin, project, "app", "v9", attached);
        using var badId = await admin.DeleteAsync(HarborLabels.ArtifactPath(project, "app", "v1") + "/abc");

        await OciAssert.ErrorAsync(notAttached, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(unknownArtifact, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(badId, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal([attached], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
    }

    [Fact]
    public async Task Deleting_a_label_detaches_it_from_every_artifact()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();
        var (otherProject, _, otherImage) = await ImageAsync();
        var doomed = await HarborLabels.CreateGlobalAsync(admin);
        var kept = await HarborLabels.CreateGlobalAsync(admin);
        using var a = await HarborLabels.AttachAsync(admin, project, "app", "v1", doomed);
        using var b = await HarborLabels.AttachAsync(admin, project, "app", "v1", kept);
        using var c = await HarborLabels.AttachAsync(admin, otherProject, "app", "v1", doomed);

        using var deleted = await admin.DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(doomed));

        OciAssert.Status(deleted, HttpStatusCode.OK);
        Assert.Equal([kept], await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, otherImage.Repository, otherImage.Digest));
    }

    [Fact]
    public async Task Deleting_the_manifest_drops_its_labels_and_a_repush_starts_without_them()
    {
        using var admin = factory.Admin();
        var (project, _, image) = await ImageAsync();
        var global = await HarborLabels.CreateGlobalAsync(admin);
        using var attach = await HarborLabels.AttachAsync(admin, project, "app", "v1", global);

        using var delete = await admin.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Digest}");
        OciAssert.Status(delete, HttpStatusCode.Accepted);
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));

        await image.PushAgainAsync(admin, "v1");
        Assert.Empty(await HarborLabels.OfArtifactAsync(factory, image.Repository, image.Digest));
        using var again = await HarborLabels.AttachAsync(admin, project, "app", "v1", global);
        OciAssert.Status(again, HttpStatusCode.OK);
        Assert.NotNull((await HarborLabels.GetAsync(admin, global))["name"]);
    }
}
