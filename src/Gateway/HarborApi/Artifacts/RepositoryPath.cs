using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Harbor's <c>{repository_name}</c> path segment: the repository name without its project, with slashes sent
/// double URL-encoded (<c>a%252Fb</c>; the server has decoded it once, to <c>a%2Fb</c>) or once (<c>a%2Fb</c>).
/// </summary>
public static class RepositoryPath
{
    /// <summary>The full name <c>project/a/b</c>, or null when it is no valid repository name.</summary>
    public static string? FullName(string project, string segment)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(segment);
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return null;
        }

        var name = project + "/" + decoded;
        return decoded.Length > 0 && OciGrammar.IsValidRepositoryName(name) ? name : null;
    }

    /// <summary>The repository part of a full name, double URL-encoded as Harbor writes it into links.</summary>
    public static string Encode(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var rest = fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return Uri.EscapeDataString(Uri.EscapeDataString(rest));
    }

    /// <summary>Whether <paramref name="reference"/> is a well-formed tag or digest.</summary>
    public static bool IsValidReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return OciGrammar.LooksLikeDigest(reference) ? OciGrammar.IsValidDigest(reference) : OciGrammar.IsValidTag(reference);
    }
}
