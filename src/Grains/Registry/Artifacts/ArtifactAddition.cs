namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>Harbor's artifact additions: which an artifact has, and one addition's content.</summary>
public sealed record ArtifactAddition(string ContentType, byte[] Content)
{
    public const string BuildHistory = "build_history", Values = "values.yaml", Readme = "readme.md", Dependencies = "dependencies";

    /// <summary>The additions Harbor links for an artifact of <paramref name="type"/> (an index has none).</summary>
    public static IReadOnlyList<string> For(string type, bool isIndex) => (type, isIndex) switch
    {
        (_, true) => [],
        (ArtifactTypes.Image, _) => [BuildHistory],
        (ArtifactTypes.Chart, _) => [Values, Readme, Dependencies],
        _ => [],
    };
}
