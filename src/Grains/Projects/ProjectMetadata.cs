namespace ArtifactKeeper.Projects;

/// <summary>
/// Harbor keeps project metadata as string-valued keys ("public": "true"). This normalizes booleans
/// so every reader agrees on what "public" means.
/// </summary>
public static class ProjectMetadata
{
    public const string Public = "public";

    public static IReadOnlyDictionary<string, string> Normalize(IReadOnlyDictionary<string, string>? values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values is not null)
        {
            foreach (var (key, value) in values)
            {
                result[key] = bool.TryParse(value, out var flag) ? (flag ? "true" : "false") : value;
            }
        }

        result.TryAdd(Public, "false");
        return result;
    }

    public static bool IsPublic(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(Public, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
