using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary><c>podman login</c> as a Harbor robot account: push where it is granted, refused elsewhere.</summary>
public sealed class RobotPodmanTests(RegistryServer server, ContainerStorage storage)
    : IClassFixture<RegistryServer>, IClassFixture<ContainerStorage>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Robot_login_pushes_to_its_project_and_is_refused_in_another()
    {
        using var admin = new RegistryHttpClient(server);
        var granted = await CreateProjectAsync(admin, "robots");
        var other = await CreateProjectAsync(admin, "others");
        using var created = await admin.Http.PostAsync(new Uri("api/v2.0/robots", UriKind.Relative), JsonContent.Create(new
        {
            name = "pusher",
            duration = -1,
            level = "project",
            permissions = new[]
            {
                new
                {
                    kind = "project",
                    @namespace = granted,
                    access = new[] { new { resource = "repository", action = "push" }, new { resource = "repository", action = "pull" } },
                },
            },
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var robot = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!;
        var name = robot["name"]!.GetValue<string>();
        Assert.Equal($"robot${granted}+pusher", name);

        var authFile = storage.NewAuthFile();
        await Cli.RunAsync("podman",
            storage.Podman("login", "--tls-verify=false", "--authfile", authFile, "--username", name, "--password-stdin", server.HostPort),
            Ct, standardInput: robot["secret"]!.GetValue<string>() + "\n");

        var allowed = server.Reference($"{granted}/app", "v1");
        await ImportAsync(allowed);
        await Cli.RunAsync("podman", storage.Podman("push", "--tls-verify=false", "--authfile", authFile, allowed), Ct);

        var refusedRepository = $"{other}/app";
        var refused = server.Reference(refusedRepository, "v1");
        await ImportAsync(refused);
        var push = await Cli.TryRunAsync("podman", storage.Podman("push", "--tls-verify=false", "--authfile", authFile, refused), Ct);

        Assert.True(push.ExitCode != 0, "a push outside the robot's project should be refused:\n" + push.Describe());
        using var pushed = await admin.GetAsync($"v2/{granted}/app/manifests/v1", Ct, OciMediaTypes.ImageManifest, "application/vnd.docker.distribution.manifest.v2+json");
        using var missing = await admin.GetAsync($"v2/{refusedRepository}/manifests/v1", Ct, OciMediaTypes.ImageManifest, "application/vnd.docker.distribution.manifest.v2+json");
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<string> CreateProjectAsync(RegistryHttpClient admin, string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        using var response = await admin.Http.PostAsync(
            new Uri("api/v2.0/projects", UriKind.Relative), JsonContent.Create(new { project_name = name, metadata = new { @public = "false" } }), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    private async Task ImportAsync(string reference)
    {
        var tarball = storage.Combine("rootfs-" + Guid.NewGuid().ToString("N")[..8] + ".tar");
        await File.WriteAllBytesAsync(tarball, TestImage.CreateTar("hello.txt", RandomNumberGenerator.GetBytes(2048)), Ct);
        await Cli.RunAsync("podman", storage.Podman("import", tarball, reference), Ct);
    }
}
