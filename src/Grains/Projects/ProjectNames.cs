namespace ArtifactKeeper.Projects;

/// <summary>
/// Harbor's project name rule: lowercase alphanumerics separated by single '.', '_' or '-',
/// 1 to 255 characters. A project name is also the first segment of its repositories' names.
/// </summary>
public static class ProjectNames
{
    public const int MaxLength = 255;

    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxLength || !IsAlnum(name[0]) || !IsAlnum(name[^1]))
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (IsAlnum(c))
            {
                continue;
            }

            if ((c is '.' or '_' or '-') && IsAlnum(name[i - 1]))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private static bool IsAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
