using System.Net;
using System.Security.Cryptography;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>podman login, push, pull and the refusal of anonymous pushes.</summary>
public sealed class PodmanTests(RegistryServer server, ContainerStorage storage)
    : IClassFixture<RegistryServer>, IClassFixture<ContainerStorage>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_after_login_then_pull_back_has_the_pushed_digest()
    {
        var reference = server.Reference(Names.Repository("podman"), "v1");
        await ImportAsync(reference);
        var authFile = storage.NewAuthFile();
        await Cli.RunAsync("podman",
            storage.Podman("login", "--tls-verify=false", "--authfile", authFile, "--username", "admin", "--password-stdin", server.HostPort),
            Ct, standardInput: server.AdminPassword + "\n");

        var digestFile = storage.Combine("digest-" + Guid.NewGuid().ToString("N")[..8]);
        await Cli.RunAsync("podman",
            storage.Podman("push", "--tls-verify=false", "--authfile", authFile, "--digestfile", digestFile, reference), Ct);
        var pushedDigest = (await File.ReadAllTextAsync(digestFile, Ct)).Trim();
        await Cli.RunAsync("podman", storage.Podman("rmi", reference), Ct);

        await Cli.RunAsync("podman", storage.Podman("pull", "--tls-verify=false", "--authfile", authFile, reference), Ct);

        var inspect = await Cli.RunAsync("podman", storage.Podman("image", "inspect", "--format", "{{.Digest}}", reference), Ct);
        Assert.StartsWith("sha256:", pushedDigest, StringComparison.Ordinal);
        Assert.Equal(pushedDigest, inspect.StandardOutput.Trim());
    }

    [Fact]
    public async Task Push_without_credentials_is_refused_and_stores_nothing()
    {
        var repository = Names.Repository("anon");
        var reference = server.Reference(repository, "v1");
        await ImportAsync(reference);

        var push = await Cli.TryRunAsync("podman",
            storage.Podman("push", "--tls-verify=false", "--authfile", storage.NewAuthFile(), reference), Ct);

        Assert.True(push.ExitCode != 0, "anonymous push should be refused:\n" + push.Describe());
        using var http = new RegistryHttpClient(server, authenticated: false);
        using var response = await http.GetAsync($"v2/{repository}/manifests/v1", Ct, OciMediaTypes.ImageManifest, "application/vnd.docker.distribution.manifest.v2+json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task ImportAsync(string reference)
    {
        var tarball = storage.Combine("rootfs-" + Guid.NewGuid().ToString("N")[..8] + ".tar");
        await File.WriteAllBytesAsync(tarball, TestImage.CreateTar("hello.txt", RandomNumberGenerator.GetBytes(2048)), Ct);
        await Cli.RunAsync("podman", storage.Podman("import", tarball, reference), Ct);
    }
}
