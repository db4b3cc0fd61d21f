using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's role matrix on the repository and artifact API, and anonymous reads of public projects.</summary>
public sealed class HarborArtifactRoleTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const int Developer = 2, Guest = 3, Maintainer = 4;

    private async Task<(RegistryClient Admin, string Repository, PushedImage Image)> RepositoryAsync(bool isPublic)
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, isPublic);
        var repository = $"{project}/app";
        var image = await admin.PushImageAsync(repository, "v1");
        return (admin, repository, image);
    }

    private async Task<RegistryClient> MemberAsync(RegistryClient admin, string repository, int role)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        var client = await factory.NewUserAsync(name);
        await HarborMembers.AddUserAsync(admin, repository[..repository.IndexOf('/', StringComparison.Ordinal)], name, role);
        return client;
    }

    [Fact]
    public async Task Guest_reads_but_cannot_delete_tag_or_describe()
    {
        var (admin, repository, image) = await RepositoryAsync(isPublic: false);
        using var _ = admin;
        using var guest = await MemberAsync(admin, repository, Guest);
        var artifacts = HarborArtifacts.ArtifactsPath(repository);

        await HarborArtifacts.GetJsonAsync(guest, HarborArtifacts.RepositoryPath(repository));
        await HarborArtifacts.GetJsonAsync(guest, artifacts);
        await HarborArtifacts.GetJsonAsync(guest, $"{artifacts}/v1/tags");
        await HarborArtifacts.GetJsonAsync(guest, $"{artifacts}/v1/accessories");
        await HarborArtifacts.GetJsonAsync(guest, $"{artifacts}/v1/additions/build_history");
        using var delete = await guest.DeleteAsync($"{artifacts}/v1");
        using var tag = await guest.SendAsync(HttpMethod.Post, $"{artifacts}/v1/tags", JsonContent.Create(new { name = "g" }));
        using var describe = await guest.SendAsync(HttpMethod.Put, HarborArtifacts.RepositoryPath(repository), JsonContent.Create(new { description = "x" }));
        using var deleteRepository = await guest.DeleteAsync(HarborArtifacts.RepositoryPath(repository));

        await OciAssert.ErrorAsync(delete, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(tag, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(describe, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(deleteRepository, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(["v1"], await admin.TagsAsync(repository));
        Assert.Equal(image.Digest, (await HarborArtifacts.GetJsonAsync(admin, $"{artifacts}/v1"))["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Developer_tags_and_copies_but_cannot_delete()
    {
        var (admin, repository, _) = await RepositoryAsync(isPublic: false);
        using var __ = admin;
        using var developer = await MemberAsync(admin, repository, Developer);
        var artifacts = HarborArtifacts.ArtifactsPath(repository);

        using var tag = await developer.SendAsync(HttpMethod.Post, $"{artifacts}/v1/tags", JsonContent.Create(new { name = "dev" }));
        using var copy = await developer.SendAsync(HttpMethod.Post, $"{HarborArtifacts.ArtifactsPath(repository + "-copy")}?from={Uri.EscapeDataString(repository + ":v1")}");
        using var deleteTag = await developer.DeleteAsync($"{artifacts}/v1/tags/dev");
        using var delete = await developer.DeleteAsync($"{artifacts}/v1");

        OciAssert.Status(tag, HttpStatusCode.Created);
        OciAssert.Status(copy, HttpStatusCode.Created);
        await OciAssert.ErrorAsync(deleteTag, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(delete, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(["dev", "v1"], await admin.TagsAsync(repository));
    }

    [Fact]
    public async Task Maintainer_deletes_tags_artifacts_and_repositories()
    {
        var (admin, repository, _) = await RepositoryAsync(isPublic: false);
        using var _ = admin;
        using var maintainer = await MemberAsync(admin, repository, Maintainer);
        var artifacts = HarborArtifacts.ArtifactsPath(repository);
        await admin.PushImageAsync(repository, "v2");

        using var deleteTag = await maintainer.DeleteAsync($"{artifacts}/v2/tags/v2");
        using var delete = await maintainer.DeleteAsync($"{artifacts}/v1");
        using var deleteRepository = await maintainer.DeleteAsync(HarborArtifacts.RepositoryPath(repository));

        OciAssert.Status(deleteTag, HttpStatusCode.OK);
        OciAssert.Status(delete, HttpStatusCode.OK);
        OciAssert.Status(deleteRepository, HttpStatusCode.OK);
        Assert.Null(await admin.TagsAsync(repository));
    }

    [Fact]
    public async Task Anonymous_reads_artifacts_of_public_projects_only()
    {
        var (admin, open, _) = await RepositoryAsync(isPublic: true);
        using var _ = admin;
        var (_, closed, _) = await RepositoryAsync(isPublic: false);
        using var anonymous = factory.Anonymous();
        using var outsider = await factory.NewUserAsync();

        var listed = await HarborArtifacts.GetJsonAsync(anonymous, HarborArtifacts.ArtifactsPath(open));
        await HarborArtifacts.GetJsonAsync(anonymous, $"{HarborArtifacts.ArtifactsPath(open)}/v1/tags");
        await HarborArtifacts.GetJsonAsync(anonymous, $"/api/v2.0/projects/{open[..open.IndexOf('/', StringComparison.Ordinal)]}/repositories");
        using var closedAnonymous = await anonymous.GetAsync(HarborArtifacts.ArtifactsPath(closed));
        using var closedOutsider = await outsider.GetAsync(HarborArtifacts.ArtifactsPath(closed));
        using var deleteAnonymous = await anonymous.DeleteAsync($"{HarborArtifacts.ArtifactsPath(open)}/v1");
        using var copyOutsider = await outsider.SendAsync(HttpMethod.Post, $"{HarborArtifacts.ArtifactsPath(open + "-x")}?from={Uri.EscapeDataString(open + ":v1")}");

        Assert.Single(listed.AsArray());
        await OciAssert.ErrorAsync(closedAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(closedOutsider, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(deleteAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(copyOutsider, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(["v1"], await admin.TagsAsync(open));
    }
}
