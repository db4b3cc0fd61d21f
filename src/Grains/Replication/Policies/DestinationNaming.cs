using System.Globalization;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// Where a replicated repository lands, by Harbor's rules for <c>dest_namespace</c> and
/// <c>dest_namespace_replace_count</c>, for <c>a/b/c/image</c> and namespace <c>n</c>:
/// <list type="bullet">
/// <item>no namespace: the path is kept (<c>a/b/c/image</c>), whatever the count;</item>
/// <item>a negative count (Harbor's legacy default, -1): only the last component goes under the namespace (<c>n/image</c>);</item>
/// <item>N from 0: the first N components are replaced by the namespace (0: <c>n/a/b/c/image</c>, 1: <c>n/b/c/image</c>,
/// 3: <c>n/image</c>); the last component is never replaced, so N above the number of other components is an error.</item>
/// </list>
/// </summary>
public static class DestinationNaming
{
    /// <summary>The destination repository of <paramref name="repository"/>, or false with Harbor's reason.</summary>
    public static bool TryMap(string repository, string? destNamespace, int replaceCount, out string destination, out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        error = null;
        if (string.IsNullOrEmpty(destNamespace))
        {
            destination = repository;
            return true;
        }

        var components = repository.Split('/');
        var last = components[^1];
        var parents = components.Length - 1;
        if (replaceCount < 0)
        {
            destination = destNamespace.TrimEnd('/') + "/" + last;
            return true;
        }

        if (replaceCount > parents)
        {
            destination = string.Empty;
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"the source repository '{repository}' has only {parents} path components before its last one, fewer than dest_namespace_replace_count {replaceCount}");
            return false;
        }

        var kept = components[replaceCount..parents].Where(c => c.Length > 0);
        destination = string.Join('/', new[] { destNamespace.Trim('/') }.Concat(kept).Append(last));
        return true;
    }
}
