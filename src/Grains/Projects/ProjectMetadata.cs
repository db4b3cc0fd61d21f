namespace ArtifactKeeper.Projects;

/// <summary>
/// Harbor keeps project metadata as string-valued keys ("public": "true"); values are normalized on
/// the way in by <see cref="ProjectMetadataRules"/>, so every reader agrees on what "public" means.
/// </summary>
public static class ProjectMetadata
{
    public const string Public = "public";

    public static bool IsPublic(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(Public, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
