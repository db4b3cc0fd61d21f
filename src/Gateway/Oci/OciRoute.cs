namespace ArtifactKeeper.Oci;

/// <summary>
/// A parsed <c>/v2/</c> path: the endpoint family, the repository name (unvalidated) and the final
/// segment (tag, digest or upload id; empty where the endpoint has none).
/// </summary>
public readonly record struct OciRoute(OciRouteKind Kind, string Name, string Reference)
{
    /// <summary>The route for paths that match no endpoint.</summary>
    public static OciRoute NotFound { get; } = new(OciRouteKind.NotFound, string.Empty, string.Empty);
}
