using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Harbor's <c>{repository_name}</c> path segment: the repository name without its project, with each <c>/</c>
/// URL-encoded twice by clients (<c>a%252Fb</c>) so the segment survives routing. The server has decoded the path
/// once (a <c>%2F</c> stays encoded), so one more decoding gives the name, whichever way the client encoded it.
/// </summary>
public static class RepositoryPathName
{
    /// <summary>The full repository name <c>project/name</c>, or null when the segment is not a valid name.</summary>
    public static string? ToFullName(string projectName, string segment)
    {
        ArgumentNullException.ThrowIfNull(projectName);
        ArgumentNullException.ThrowIfNull(segment);
        var full = projectName + "/" + Uri.UnescapeDataString(segment);
        return OciGrammar.IsValidRepositoryName(full) ? full : null;
    }

    /// <summary>Whether <paramref name="reference"/> is a well-formed tag or digest.</summary>
    public static bool IsValidReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return OciGrammar.LooksLikeDigest(reference) ? OciGrammar.IsValidDigest(reference) : OciGrammar.IsValidTag(reference);
    }
}
