namespace ArtifactKeeper.Oci;

/// <summary>
/// Splits the path after <c>/v2/</c> into an <see cref="OciRoute"/>. Repository names contain slashes,
/// so the endpoint is recognised from the end: the last structural segment wins, which makes
/// <c>a/blobs/b/manifests/latest</c> a manifest of repository <c>a/blobs/b</c>.
/// </summary>
public static class OciPath
{
    private const string TagListSuffix = "/tags/list";
    private const string UploadsSuffix = "/blobs/uploads";

    /// <summary>
    /// Parses <paramref name="path"/> (no leading slash, already percent-decoded). The name is not
    /// validated here; <c>OciGrammar</c> does that.
    /// </summary>
    public static OciRoute Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        switch (path)
        {
            case "":
                return new OciRoute(OciRouteKind.Base, string.Empty, string.Empty);
            case "_catalog":
                return new OciRoute(OciRouteKind.Catalog, string.Empty, string.Empty);
        }

        if (path.EndsWith(TagListSuffix, StringComparison.Ordinal))
        {
            return WithName(OciRouteKind.TagList, path[..^TagListSuffix.Length], string.Empty);
        }

        if (path.EndsWith(UploadsSuffix, StringComparison.Ordinal))
        {
            return WithName(OciRouteKind.UploadStart, path[..^UploadsSuffix.Length], string.Empty);
        }

        if (path.EndsWith(UploadsSuffix + "/", StringComparison.Ordinal))
        {
            return WithName(OciRouteKind.UploadStart, path[..^(UploadsSuffix.Length + 1)], string.Empty);
        }

        var lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0 || lastSlash == path.Length - 1)
        {
            return OciRoute.NotFound;
        }

        var reference = path[(lastSlash + 1)..];
        var rest = path.AsSpan(0, lastSlash);

        return rest switch
        {
            _ when rest.EndsWith("/manifests", StringComparison.Ordinal) => WithName(OciRouteKind.Manifest, rest, "/manifests", reference),
            _ when rest.EndsWith(UploadsSuffix, StringComparison.Ordinal) => WithName(OciRouteKind.Upload, rest, UploadsSuffix, reference),
            _ when rest.EndsWith("/blobs", StringComparison.Ordinal) => WithName(OciRouteKind.Blob, rest, "/blobs", reference),
            _ when rest.EndsWith("/referrers", StringComparison.Ordinal) => WithName(OciRouteKind.Referrers, rest, "/referrers", reference),
            _ => OciRoute.NotFound,
        };
    }

    private static OciRoute WithName(OciRouteKind kind, ReadOnlySpan<char> rest, string segment, string reference) =>
        WithName(kind, rest[..^segment.Length].ToString(), reference);

    // An empty name (e.g. "/manifests/x" or "tags/list") addresses no repository.
    private static OciRoute WithName(OciRouteKind kind, string name, string reference) =>
        name.Length == 0 ? OciRoute.NotFound : new OciRoute(kind, name, reference);
}
