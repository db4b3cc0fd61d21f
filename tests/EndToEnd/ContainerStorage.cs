namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Private containers/storage for podman and buildah (vfs driver, temporary root and runroot), so the
/// tests neither need overlay support nor touch the machine's images. One per test class.
/// </summary>
public sealed class ContainerStorage : IDisposable
{
    private readonly TempDirectory _directory = new("ak-e2e-storage");

    /// <summary>Creates the folders; an empty auth file keeps the host's logins out of the tests.</summary>
    public ContainerStorage()
    {
        Directory.CreateDirectory(_directory.Combine("root"));
        Directory.CreateDirectory(_directory.Combine("runroot"));
        Directory.CreateDirectory(_directory.Combine("tmp"));
    }

    /// <summary>Arguments for <c>podman</c>: global storage options, then <paramref name="arguments"/>.</summary>
    public IReadOnlyList<string> Podman(params string[] arguments) =>
    [
        "--root", _directory.Combine("root"),
        "--runroot", _directory.Combine("runroot"),
        "--tmpdir", _directory.Combine("tmp"),
        "--storage-driver", "vfs",
        "--cgroup-manager", "cgroupfs",
        "--events-backend", "file",
        .. arguments,
    ];

    /// <summary>Arguments for <c>buildah</c>: global storage options, then <paramref name="arguments"/>.</summary>
    public IReadOnlyList<string> Buildah(params string[] arguments) =>
    [
        "--root", _directory.Combine("root"),
        "--runroot", _directory.Combine("runroot"),
        "--storage-driver", "vfs",
        .. arguments,
    ];

    /// <summary>Path of a new auth file that holds no credentials.</summary>
    public string NewAuthFile()
    {
        var path = _directory.Combine("auth-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, """{"auths":{}}""");
        return path;
    }

    /// <summary>A path inside this storage's temporary folder.</summary>
    public string Combine(string name) => _directory.Combine(name);

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
