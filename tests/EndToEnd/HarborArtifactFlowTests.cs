using System.Security.Cryptography;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Runs tests/EndToEnd/Scripts/harbor-artifact-flow.sh, a Harbor administrator's curl and podman script, against a
/// real server: an immutable release tag refused a second push while <c>latest</c> moves, a label selecting the
/// release, and a 10 MiB project quota refusing new bytes but not layers the project already holds.
/// </summary>
public sealed class HarborArtifactFlowTests(RegistryServer server, ContainerStorage storage)
    : IClassFixture<RegistryServer>, IClassFixture<ContainerStorage>
{
    private const int SixMiB = 6 * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Immutable_tags_labels_and_quota_behave_for_curl_and_podman_as_in_harbor()
    {
        using var state = new TempDirectory("ak-e2e-artifacts");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string>
        {
            ["AK_URL"] = server.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["AK_HOST"] = server.HostPort,
            ["AK_ADMIN_PASSWORD"] = server.AdminPassword,
            ["AK_STATE"] = state.Path,
            ["AK_PODMAN"] = string.Join(' ', storage.Podman()),
            // Random content does not compress, so each layer stays its size on the wire and in the quota.
            ["AK_SMALL_A"] = await ImportAsync(state, $"localhost/small-a:{suffix}", 2048),
            ["AK_SMALL_B"] = await ImportAsync(state, $"localhost/small-b:{suffix}", 2048),
            ["AK_MID_A"] = await ImportAsync(state, $"localhost/mid-a:{suffix}", SixMiB),
            ["AK_MID_B"] = await ImportAsync(state, $"localhost/mid-b:{suffix}", SixMiB),
        };
        var script = Path.Combine(Checkout.Root, "tests", "EndToEnd", "Scripts", "harbor-artifact-flow.sh");

        var result = await Cli.TryRunAsync("bash", [script], Ct, TimeSpan.FromMinutes(5), environment: environment);

        Assert.True(result.ExitCode == 0, result.Describe() + "\n--- server ---\n" + server.Log);
        Assert.Contains("ok: second push of v1.2.3 refused as immutable", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok: the label lists exactly the release", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok: a second 6 MiB push refused: Quota exceeded", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok: a push of layers already in quota10 succeeded", result.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<string> ImportAsync(TempDirectory state, string image, int size)
    {
        var tarball = state.Combine(Guid.NewGuid().ToString("N") + ".tar");
        await File.WriteAllBytesAsync(tarball, TestImage.CreateTar("payload.bin", RandomNumberGenerator.GetBytes(size)), Ct);
        await Cli.RunAsync("podman", storage.Podman("import", tarball, image), Ct);
        File.Delete(tarball);
        return image;
    }
}
