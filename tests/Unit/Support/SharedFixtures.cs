namespace ArtifactKeeper.Tests.Support;

/// <summary>
/// The real test data in <c>../shared/fixtures</c> beside the checkout. A clone without that folder still passes
/// its own tests: a fixture test skips, unless <c>CI</c> is set, where a missing folder is a failure.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The full path of <paramref name="relative"/> under <c>shared/fixtures</c>; skips or fails when absent.</summary>
    public static string Path(string relative)
    {
        var root = Root.Value;
        if (root is null)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
                Assert.Fail("../shared/fixtures is missing beside the checkout, and CI is set: fixture tests must run in CI.");
            Assert.Skip("../shared/fixtures is not beside this checkout (allowed outside CI only).");
        }

        var full = System.IO.Path.Combine(root!, relative);
        Assert.True(File.Exists(full) || Directory.Exists(full), $"fixture {relative} is missing from {root}");
        return full;
    }

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    private static string? Locate()
    {
        // The checkout is the first ancestor of the test binaries holding ArtifactKeeper.sln; shared sits beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "ArtifactKeeper.sln")))
                continue;
            var fixtures = System.IO.Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared", "fixtures");
            return Directory.Exists(fixtures) ? fixtures : null;
        }

        return null;
    }
}
