using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Access.Robots;

/// <summary>
/// Harbor's robot naming: a name of lowercase letters and digits with single <c>.</c>, <c>_</c> or <c>-</c>
/// between them (so never <c>+</c>), stored as <c>project+name</c> for a project robot and <c>name</c> for a
/// system robot, and presented (and signed in) as <c>robot$</c> followed by the stored name.
/// </summary>
public static partial class RobotNames
{
    public const string Prefix = "robot$";

    /// <summary>Harbor's column width for the stored name.</summary>
    public const int MaxStoredLength = 255;

    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxStoredLength } && NamePattern().IsMatch(name);

    /// <summary>The stored name: <c>project+name</c> for a project robot, <c>name</c> for a system robot.</summary>
    public static string Stored(string name, string? projectName) => projectName is null ? name : projectName + "+" + name;

    public static string Full(string storedName) => Prefix + storedName;

    /// <summary>Whether <paramref name="username"/> names a robot; then <paramref name="storedName"/> is it without the prefix.</summary>
    public static bool TryParseUsername(string? username, [NotNullWhen(true)] out string? storedName)
    {
        storedName = null;
        if (username is null || !username.StartsWith(Prefix, StringComparison.Ordinal) || username.Length == Prefix.Length
            || username.Length > Prefix.Length + MaxStoredLength)
        {
            return false;
        }

        storedName = username[Prefix.Length..];
        return true;
    }

    /// <summary>The project part of a stored project-robot name, or null for a system robot's name.</summary>
    public static string? ProjectOf(string storedName)
    {
        ArgumentNullException.ThrowIfNull(storedName);
        var plus = storedName.IndexOf('+', StringComparison.Ordinal);
        return plus <= 0 ? null : storedName[..plus];
    }

    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
