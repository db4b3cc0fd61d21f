namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// What a pull-based policy's name filter says about the repositories it can match, for registries that cannot list
/// everything (GitHub's has no listing at all, Docker Hub's and Quay's list one namespace at a time): the exact
/// repositories when the pattern names them (<c>org/app</c>, <c>org/{a,b}</c>), and the exact namespaces (first path
/// components) when those are named (<c>bitnami/**</c>). Null means the pattern leaves it open. As Harbor's
/// <c>IsSpecificPath</c>: a component is specific when it has no <c>* ? [ ] \ ^</c> and at most one <c>{…,…}</c>.
/// </summary>
public sealed record RepositoryListingHint(IReadOnlyList<string>? Repositories, IReadOnlyList<string>? Namespaces)
{
    private static readonly System.Buffers.SearchValues<char> Wildcards = System.Buffers.SearchValues.Create("*?[]\\^");

    public static RepositoryListingHint None { get; } = new(null, null);

    /// <summary>The hint of a doublestar name pattern (null or empty: none).</summary>
    public static RepositoryListingHint FromNamePattern(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return None;
        }

        var components = pattern.Split('/');
        var namespaces = SpecificComponent(components[0]);
        if (namespaces is null)
        {
            return None;
        }

        IReadOnlyList<string>? repositories = namespaces;
        foreach (var component in components.Skip(1))
        {
            if (SpecificComponent(component) is not { } choices)
            {
                repositories = null;
                break;
            }

            repositories = [.. repositories.SelectMany(prefix => choices.Select(choice => prefix + "/" + choice))];
        }

        // A single component names a repository, not a namespace (Docker Hub's official images aside, which the
        // registry's own rules map): only a pattern with a path below it names a namespace.
        return new RepositoryListingHint(repositories, components.Length > 1 ? namespaces : null);
    }

    /// <summary>The names one path component can match, or null when it can match open-endedly many.</summary>
    public static IReadOnlyList<string>? SpecificComponent(string component)
    {
        if (string.IsNullOrEmpty(component) || component.AsSpan().IndexOfAny(Wildcards) >= 0)
        {
            return null;
        }

        var open = component.IndexOf('{', StringComparison.Ordinal);
        var close = component.LastIndexOf('}');
        if (open < 0 && close < 0 && !component.Contains(',', StringComparison.Ordinal))
        {
            return [component];
        }

        if (open < 0 || close < open || component.IndexOf('{', open + 1) >= 0 || component.IndexOf('}') != close)
        {
            return null;
        }

        var (prefix, suffix) = (component[..open], component[(close + 1)..]);
        var names = component[(open + 1)..close].Split(',').Select(choice => prefix + choice + suffix).ToList();
        return names.Any(name => name.Length == 0) ? null : [.. names.Distinct(StringComparer.Ordinal)];
    }
}
