using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's statistic tag: public counts for everyone signed in, memberships for users, totals for the admin.</summary>
public sealed class StatisticsApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static async Task<JsonNode> StatisticsAsync(RegistryClient client)
    {
        using var response = await client.GetAsync("/api/v2.0/statistics");
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    private static long Field(JsonNode node, string name) => node[name]!.GetValue<long>();

    [Fact]
    public async Task Counts_follow_harbors_rules_per_caller()
    {
        using var admin = factory.Admin();
        var username = "stat" + Guid.NewGuid().ToString("N")[..8];
        using var member = await factory.NewUserAsync(username);
        using var stranger = await factory.NewUserAsync();
        var adminBefore = await StatisticsAsync(admin);
        var memberBefore = await StatisticsAsync(member);

        var publicProject = HarborProjects.NewName();
        var privateProject = HarborProjects.NewName();
        var hiddenProject = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, publicProject, true);
        await HarborProjects.CreateAsync(admin, privateProject, false);
        await HarborProjects.CreateAsync(admin, hiddenProject, false);
        await HarborMembers.AddUserAsync(admin, privateProject, username, 3);
        PushedImage[] images =
        [
            await admin.PushImageAsync(RegistryClient.UniqueRepo(publicProject), "v1"),
            await admin.PushImageAsync(RegistryClient.UniqueRepo(publicProject), "v1"),
            await admin.PushImageAsync(RegistryClient.UniqueRepo(privateProject), "v1"),
            await admin.PushImageAsync(RegistryClient.UniqueRepo(hiddenProject), "v1"),
        ];

        var adminAfter = await StatisticsAsync(admin);
        var memberAfter = await StatisticsAsync(member);
        var strangerAfter = await StatisticsAsync(stranger);

        long Delta(JsonNode after, JsonNode before, string name) => Field(after, name) - Field(before, name);
        Assert.Equal((1, 2, 2, 2, 3, 4), (
            Delta(adminAfter, adminBefore, "public_project_count"), Delta(adminAfter, adminBefore, "public_repo_count"),
            Delta(adminAfter, adminBefore, "private_project_count"), Delta(adminAfter, adminBefore, "private_repo_count"),
            Delta(adminAfter, adminBefore, "total_project_count"), Delta(adminAfter, adminBefore, "total_repo_count")));
        // Layers are random and of random size: the four of them, at least, are new storage.
        Assert.True(Delta(adminAfter, adminBefore, "total_storage_consumption") >= images.Sum(i => i.Layer.Length + i.Manifest.Length));

        Assert.Equal((1, 2, 1, 1), (
            Delta(memberAfter, memberBefore, "public_project_count"), Delta(memberAfter, memberBefore, "public_repo_count"),
            Field(memberAfter, "private_project_count"), Field(memberAfter, "private_repo_count")));
        Assert.Equal((0, 0, 0, 0, 0), (
            Field(strangerAfter, "private_project_count"), Field(strangerAfter, "private_repo_count"),
            Field(strangerAfter, "total_project_count"), Field(strangerAfter, "total_repo_count"), Field(strangerAfter, "total_storage_consumption")));
        Assert.Equal(Field(adminAfter, "public_repo_count"), Field(strangerAfter, "public_repo_count"));
        Assert.Equal(7, adminAfter.AsObject().Count);
    }

    [Fact]
    public async Task Anonymous_and_wrong_credentials_are_401()
    {
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("admin", "not-the-password");

        await OciAssert.ErrorAsync(await anonymous.GetAsync("/api/v2.0/statistics"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await wrong.GetAsync("/api/v2.0/statistics"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
