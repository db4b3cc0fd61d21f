using System.Text.Json;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>An image built with buildah from scratch, pushed with credentials, read back with skopeo.</summary>
public sealed class BuildahTests(RegistryServer server, ContainerStorage storage)
    : IClassFixture<RegistryServer>, IClassFixture<ContainerStorage>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commit_from_scratch_and_push_keeps_the_label()
    {
        var label = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var file = storage.Combine("hello-" + label + ".txt");
        await File.WriteAllTextAsync(file, "hello from buildah " + label, Ct);
        var localName = "localhost/buildah-" + label + ":latest";
        var reference = server.Reference(Names.Repository("buildah"), "v1");

        var from = await Cli.RunAsync("buildah", storage.Buildah("from", "scratch"), Ct);
        var container = from.StandardOutput.Trim();
        await Cli.RunAsync("buildah", storage.Buildah("copy", container, file, "/hello.txt"), Ct);
        await Cli.RunAsync("buildah", storage.Buildah("config", "--label", "org.artifactkeeper.e2e=" + label, container), Ct);
        await Cli.RunAsync("buildah", storage.Buildah("commit", container, localName), Ct);
        await Cli.RunAsync("buildah",
            storage.Buildah("push", "--tls-verify=false", "--creds", server.AdminCredentials, localName, "docker://" + reference), Ct);

        var inspect = await Cli.RunAsync("skopeo",
            ["inspect", "--tls-verify=false", "--creds", server.AdminCredentials, "docker://" + reference], Ct);
        using var document = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(label, document.RootElement.GetProperty("Labels").GetProperty("org.artifactkeeper.e2e").GetString());
        Assert.Single(document.RootElement.GetProperty("Layers").EnumerateArray());
    }
}
