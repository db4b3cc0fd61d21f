namespace ArtifactKeeper.Registry;

/// <summary>
/// The one place that knows how repository and project names map to grain keys.
/// A repository <c>library/nginx</c> belongs to project <c>library</c> (Harbor's model).
/// </summary>
public static class RegistryKeys
{
    /// <summary>The project a repository belongs to: its first path segment.</summary>
    public static string ProjectOf(string repository)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? repository : repository[..slash];
    }
}
