using System.Net;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting;

namespace ArtifactKeeper.Tests.Http;

/// <summary>The gateway with <c>ArtifactKeeper:Projects:CreationRestriction = adminonly</c>.</summary>
public sealed class AdminOnlyRegistryFactory : RegistryFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ArtifactKeeper:Projects:CreationRestriction", "adminonly");
    }
}

/// <summary>Harbor's project_creation_restriction = adminonly: only system administrators create projects.</summary>
public sealed class HarborProjectCreationRestrictionTests(AdminOnlyRegistryFactory factory) : IClassFixture<AdminOnlyRegistryFactory>
{
    [Fact]
    public async Task Create_as_user_returns_403_and_creates_nothing_while_admin_may()
    {
        using var user = await factory.NewUserAsync();
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();

        using var refused = await HarborProjects.CreateAsync(user, new { project_name = name });

        await OciAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(await admin.GetAsync($"/api/v2.0/projects/{name}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await HarborProjects.CreateAsync(admin, name, false);
    }
}
