using System.Net;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// An extra <see cref="ICallerPermissionSource"/> (how robot accounts plug in) adds its grants to the roles for
/// /v2, the token server and the Harbor API, and only where it says so.
/// </summary>
public sealed class PermissionSourceTests(PermissionSourceTests.Factory factory) : IClassFixture<PermissionSourceTests.Factory>
{
    public const string Pusher = "granted-pusher";

    [Fact]
    public async Task Granted_push_lets_a_non_member_push_but_not_delete_and_only_in_the_named_project()
    {
        using var admin = factory.Admin();
        var granted = HarborProjects.NewName("granted");
        var other = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, granted, false);
        await HarborProjects.CreateAsync(admin, other, false);
        var image = await admin.PushImageAsync($"{granted}/app", "v1");
        using var pusher = await factory.NewUserAsync(Pusher);

        using var pushed = await pusher.SendAsync(HttpMethod.Post, $"/v2/{granted}/app/blobs/uploads/");
        using var deleted = await pusher.DeleteAsync($"/v2/{granted}/app/manifests/{image.Digest}");
        using var elsewhere = await pusher.SendAsync(HttpMethod.Post, $"/v2/{other}/app/blobs/uploads/");
        using var members = await pusher.GetAsync(HarborMembers.Path(granted));

        OciAssert.Status(pushed, HttpStatusCode.Accepted);
        await OciAssert.ErrorAsync(deleted, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(elsewhere, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(members, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    /// <summary>A registry with a source granting <see cref="Pusher"/> repository push and pull in projects named granted*.</summary>
    public sealed class Factory : RegistryFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ICallerPermissionSource, NamedGrants>());
        }
    }

    private sealed class NamedGrants : ICallerPermissionSource
    {
        public ValueTask<IReadOnlyCollection<Permission>> GrantsAsync(RegistryCaller caller, ProjectInfo project, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyCollection<Permission>>(
                caller.User?.Username == Pusher && project.Name.StartsWith("granted", StringComparison.Ordinal)
                    ? [new Permission(RbacResources.Repository, RbacActions.Pull), new Permission(RbacResources.Repository, RbacActions.Push)]
                    : []);
    }
}
