namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>The repository checkout the tests run from.</summary>
public static class Checkout
{
    /// <summary>The folder holding ArtifactKeeper.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = Find();

    /// <summary>The build configuration of these test binaries, so scripts run the matching server build.</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ArtifactKeeper.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ArtifactKeeper.sln above {AppContext.BaseDirectory}.");
    }
}
