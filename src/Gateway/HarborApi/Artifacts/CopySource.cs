using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// The <c>from</c> of Harbor's artifact copy: <c>project/repository:tag</c> or <c>project/repository@sha256:...</c>.
/// </summary>
public sealed record CopySource(string Repository, string Reference, bool IsDigest)
{
    public string Project => RegistryKeys.ProjectOf(Repository);

    public static bool TryParse(string? from, out CopySource? source, out string? error)
    {
        source = null;
        error = null;
        if (string.IsNullOrEmpty(from))
        {
            error = "the \"from\" parameter is required: <project>/<repository>:<tag> or <project>/<repository>@<digest>";
            return false;
        }

        var at = from.IndexOf('@', StringComparison.Ordinal);
        var colon = from.LastIndexOf(':');
        var (repository, reference, isDigest) = at >= 0
            ? (from[..at], from[(at + 1)..], true)
            : colon >= 0 ? (from[..colon], from[(colon + 1)..], false) : (from, string.Empty, false);
        if (!repository.Contains('/', StringComparison.Ordinal) || !OciGrammar.IsValidRepositoryName(repository))
        {
            error = $"invalid repository in \"from\": {repository}";
            return false;
        }

        if (isDigest ? !OciGrammar.IsValidDigest(reference) : !OciGrammar.IsValidTag(reference))
        {
            error = $"invalid {(isDigest ? "digest" : "tag")} in \"from\": {reference}";
            return false;
        }

        source = new CopySource(repository, reference, isDigest);
        return true;
    }
}
