using System.Security.Cryptography;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Runs tests/EndToEnd/Scripts/harbor-robot-flow.sh, a Harbor administrator's curl and podman script,
/// against a real server: projects, a member, a robot limited to one project, pushes allowed and
/// refused; then restarts the server with its clock two days ahead (libfaketime) so the one-day robot
/// has expired, and runs the script's second phase.
/// </summary>
public sealed class HarborScriptFlowTests(RegistryServer server, ContainerStorage storage)
    : IClassFixture<RegistryServer>, IClassFixture<ContainerStorage>
{
    // Debian's libfaketime; scripts/install-deps.sh installs the faketime package.
    private const string LibFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Robot_limited_to_one_project_pushes_there_only_and_is_refused_once_expired()
    {
        Assert.True(File.Exists(LibFaketime), $"{LibFaketime} is missing; run scripts/install-deps.sh");
        using var state = new TempDirectory("ak-e2e-flow");
        var image = "localhost/flow-source:" + Guid.NewGuid().ToString("N")[..8];
        var tarball = state.Combine("rootfs.tar");
        await File.WriteAllBytesAsync(tarball, TestImage.CreateTar("hello.txt", RandomNumberGenerator.GetBytes(2048)), Ct);
        await Cli.RunAsync("podman", storage.Podman("import", tarball, image), Ct);

        var setup = await RunScriptAsync("setup", state, image);
        Assert.True(setup.ExitCode == 0, setup.Describe() + "\n--- server ---\n" + server.Log);
        Assert.Contains("ok: robot push to team-b refused", setup.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok: developer push to team-b refused", setup.StandardOutput, StringComparison.Ordinal);

        server.ExtraEnvironment["LD_PRELOAD"] = LibFaketime;
        server.ExtraEnvironment["FAKETIME"] = "+2d";
        // Only wall-clock time moves; monotonic timers (Orleans, Kestrel) keep running normally.
        server.ExtraEnvironment["FAKETIME_DONT_FAKE_MONOTONIC"] = "1";
        await server.RestartAsync(Ct);

        var expired = await RunScriptAsync("expired", state, image);
        Assert.True(expired.ExitCode == 0, expired.Describe() + "\n--- server ---\n" + server.Log);
        Assert.Contains("ok: expired robot push refused", expired.StandardOutput, StringComparison.Ordinal);
    }

    private Task<CliResult> RunScriptAsync(string phase, TempDirectory state, string image)
    {
        var script = Path.Combine(Checkout.Root, "tests", "EndToEnd", "Scripts", "harbor-robot-flow.sh");
        var environment = new Dictionary<string, string>
        {
            ["AK_URL"] = server.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["AK_HOST"] = server.HostPort,
            ["AK_ADMIN_PASSWORD"] = server.AdminPassword,
            ["AK_STATE"] = state.Path,
            ["AK_IMAGE"] = image,
            ["AK_PODMAN"] = string.Join(' ', storage.Podman()),
        };
        return Cli.TryRunAsync("bash", [script, phase], Ct, TimeSpan.FromMinutes(4), environment: environment);
    }
}
