namespace ArtifactKeeper.Registry;

/// <summary>
/// The distribution-spec grammar for repository names, tags and digests, checked by scanning spans
/// (no Regex): every request goes through these checks.
/// </summary>
public static class OciGrammar
{
    /// <summary>The longest repository name accepted, in characters.</summary>
    public const int MaxRepositoryNameLength = 255;

    private const int MaxTagLength = 128;
    private const string Sha256Prefix = "sha256:";
    private const int Sha256HexLength = 64;

    /// <summary>
    /// True when <paramref name="name"/> matches
    /// <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*</c>
    /// and is at most <see cref="MaxRepositoryNameLength"/> characters long.
    /// </summary>
    public static bool IsValidRepositoryName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxRepositoryNameLength)
        {
            return false;
        }

        foreach (var range in name.Split('/'))
        {
            if (!IsValidPathComponent(name[range]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="tag"/> matches <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>.</summary>
    public static bool IsValidTag(ReadOnlySpan<char> tag)
    {
        if (tag.IsEmpty || tag.Length > MaxTagLength)
        {
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(tag[0]) && tag[0] != '_')
        {
            return false;
        }

        foreach (var c in tag[1..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="digest"/> is <c>sha256:</c> followed by exactly 64 lowercase hex characters.
    /// Other algorithms are refused: content is only ever addressed by sha256 here.
    /// </summary>
    public static bool IsValidDigest(ReadOnlySpan<char> digest)
    {
        if (digest.Length != Sha256Prefix.Length + Sha256HexLength || !digest.StartsWith(Sha256Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in digest[Sha256Prefix.Length..])
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when a manifest reference should be read as a digest rather than a tag. Tags cannot contain
    /// ':', so its presence decides; whether the digest is well formed is <see cref="IsValidDigest"/>'s job.
    /// </summary>
    public static bool LooksLikeDigest(ReadOnlySpan<char> reference) => reference.Contains(':');

    // One component: alphanumeric runs joined by exactly one separator ('.', '_', '__' or one or more '-').
    private static bool IsValidPathComponent(ReadOnlySpan<char> component)
    {
        if (component.IsEmpty || !IsLowerAlphanumeric(component[0]) || !IsLowerAlphanumeric(component[^1]))
        {
            return false;
        }

        var i = 1;
        while (i < component.Length)
        {
            var c = component[i];
            if (IsLowerAlphanumeric(c))
            {
                i++;
                continue;
            }

            var separatorStart = i;
            if (c == '-')
            {
                while (i < component.Length && component[i] == '-')
                {
                    i++;
                }
            }
            else if (c == '_')
            {
                i += i + 1 < component.Length && component[i + 1] == '_' ? 2 : 1;
            }
            else if (c == '.')
            {
                i++;
            }
            else
            {
                return false;
            }

            // The separator must be followed by an alphanumeric, never by another separator.
            if (i == separatorStart || i >= component.Length || !IsLowerAlphanumeric(component[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
