using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Registry;

/// <summary>
/// The repository grain's immutability checks: it asks the project grain, which holds the rules in memory, only when
/// a change would touch an existing tag. Returns the refusal message naming the tag and the rule, or null when
/// the change may go ahead. Messages start the way Harbor's do.
/// </summary>
public static class TagImmutability
{
    /// <summary>A push of <paramref name="digest"/> under <paramref name="tag"/>: refused when it would move an immutable tag.</summary>
    public static async Task<string?> RefusePushAsync(IGrainFactory grains, string repository, RepositoryIndex index, string tag, string digest)
    {
        ArgumentNullException.ThrowIfNull(index);
        var current = index.FindByTag(tag)?.Record.Digest;
        if (current is null || string.Equals(current, digest, StringComparison.Ordinal))
        {
            return null;
        }

        return await FirstMatchAsync(grains, repository, [tag]) is { } match
            ? $"Failed to process request due to '{ImmutableRuleSet.WithoutProject(repository)}:{tag}' configured as immutable by {match.DescribeRule()}: the tag cannot be overwritten"
            : null;
    }

    /// <summary>Deleting <paramref name="tag"/>: refused when the tag is immutable.</summary>
    public static async Task<string?> RefuseTagDeleteAsync(IGrainFactory grains, string repository, RepositoryIndex index, string tag)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.ContainsTag(tag) && await FirstMatchAsync(grains, repository, [tag]) is { } match ? TagDeleteRefusal(match) : null;
    }

    /// <summary>Deleting the manifest <paramref name="digest"/>: refused when any tag pointing at it is immutable.</summary>
    public static async Task<string?> RefuseManifestDeleteAsync(IGrainFactory grains, string repository, RepositoryIndex index, string digest)
    {
        ArgumentNullException.ThrowIfNull(index);
        var tags = index.TagsOf(digest);
        return tags.Count > 0 && await FirstMatchAsync(grains, repository, tags) is { } match
            ? ManifestDeleteRefusal(repository, digest, match)
            : null;
    }

    /// <summary>Which of <paramref name="tags"/> are immutable, each with its rule: one question to the project for a whole batch.</summary>
    public static async Task<IReadOnlyDictionary<string, ImmutableTagMatch>> FindImmutableAsync(IGrainFactory grains, string repository, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(tags);
        var result = new Dictionary<string, ImmutableTagMatch>(StringComparer.Ordinal);
        if (tags.Count == 0)
        {
            return result;
        }

        foreach (var match in await grains.GetGrain<IProjectImmutabilityGrain>(RegistryKeys.ProjectOf(repository)).FindImmutableTagsAsync(repository, tags))
        {
            result.TryAdd(match.Tag, match);
        }

        return result;
    }

    /// <summary>The refusal of deleting a tag <paramref name="match"/> makes immutable.</summary>
    public static string TagDeleteRefusal(ImmutableTagMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return $"the tag {match.Tag} configured as immutable by {match.DescribeRule()}, cannot be deleted";
    }

    /// <summary>The refusal of deleting the manifest <paramref name="digest"/>, which carries the immutable tag of <paramref name="match"/>.</summary>
    public static string ManifestDeleteRefusal(string repository, string digest, ImmutableTagMatch match) =>
        $"the artifact {repository}@{digest} carries an immutable tag and cannot be deleted: {TagDeleteRefusal(match)}";

    private static async Task<ImmutableTagMatch?> FirstMatchAsync(IGrainFactory grains, string repository, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var matches = await grains.GetGrain<IProjectImmutabilityGrain>(RegistryKeys.ProjectOf(repository)).FindImmutableTagsAsync(repository, tags);
        return matches.Count == 0 ? null : matches[0];
    }
}
