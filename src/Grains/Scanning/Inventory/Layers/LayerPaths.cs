namespace ArtifactKeeper.Scanning.Inventory.Layers;

/// <summary>
/// Path rules of image layers: entry names normalised to a relative form without "./" or "/" ("etc/os-release"),
/// whiteout markers recognised, and symlink targets resolved against the link's own folder.
/// </summary>
public static class LayerPaths
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>The entry name as a clean relative path, or "" for the root itself.</summary>
    public static string Normalize(string name)
    {
        var parts = new List<string>();
        foreach (var segment in name.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
                continue;
            if (segment == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(segment);
        }

        return string.Join('/', parts);
    }

    /// <summary>The folder of <paramref name="path"/> ("" at the root).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>
    /// A whiteout entry's effect: <c>dir/.wh..wh..opq</c> hides <c>dir</c>'s lower contents (opaque);
    /// <c>dir/.wh.name</c> removes <c>dir/name</c>. Null when the entry is not a whiteout.
    /// </summary>
    public static Whiteout? AsWhiteout(string path)
    {
        var name = FileName(path);
        if (!name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            return null;
        var parent = Parent(path);
        if (name == OpaqueMarker)
            return new Whiteout(parent, Opaque: true);
        var hidden = name[WhiteoutPrefix.Length..];
        return hidden.Length == 0 ? null : new Whiteout(parent.Length == 0 ? hidden : parent + "/" + hidden, Opaque: false);
    }

    /// <summary>A symlink's target as a normalised path: absolute targets from the root, relative ones from the link's folder.</summary>
    public static string ResolveLink(string linkPath, string target)
        => target.StartsWith('/') ? Normalize(target) : Normalize(Parent(linkPath) + "/" + target);

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it ("" is the whole tree).</summary>
    public static bool IsAtOrBelow(string path, string root)
        => root.Length == 0
           || path == root
           || (path.Length > root.Length && path[root.Length] == '/' && path.StartsWith(root, StringComparison.Ordinal));

    public static bool IsBelow(string path, string root)
        => path != root && IsAtOrBelow(path, root);
}

/// <summary>A whiteout: <see cref="Path"/> itself is removed, or with <see cref="Opaque"/> only what lies below it.</summary>
public sealed record Whiteout(string Path, bool Opaque);
