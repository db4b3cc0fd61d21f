using System.Text;

namespace ArtifactKeeper.Labels;

/// <summary>
/// Harbor's rules for labels (pkg/label/model Label.Valid, the harbor_label columns). Each check returns null when
/// the value is acceptable, else why not. The name length is counted in UTF-8 bytes, as Harbor's Go code counts it.
/// </summary>
public static class LabelRules
{
    /// <summary>Scope of a label every project sees; only the system admin manages these.</summary>
    public const string GlobalScope = "g";

    /// <summary>Scope of a label of one project.</summary>
    public const string ProjectScope = "p";

    public const int MaxNameBytes = 128;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    public static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "label name cannot be empty";
        }

        return Encoding.UTF8.GetByteCount(name) > MaxNameBytes ? $"label name max length is {MaxNameBytes}" : null;
    }

    /// <summary>
    /// Empty (no color) or a hex color such as <c>#61717D</c>, as Harbor's portal sends (<c>#rgb</c>, <c>#rgba</c>,
    /// <c>#rrggbb</c>, <c>#rrggbbaa</c>; all fit Harbor's varchar(16) column).
    /// </summary>
    public static string? CheckColor(string? color)
    {
        if (string.IsNullOrEmpty(color))
        {
            return null;
        }

        var digits = color.AsSpan(1);
        var valid = color[0] == '#' && digits.Length is 3 or 4 or 6 or 8 && !digits.ContainsAnyExcept(HexDigits);
        return valid ? null : $"invalid label color: {color} (a hex color such as #61717D)";
    }

    /// <summary>
    /// Scope <c>g</c> with no project (absent or 0, as Harbor's portal sends), or scope <c>p</c> with a positive
    /// project id.
    /// </summary>
    public static string? CheckScope(string? scope, long? projectId) => scope switch
    {
        GlobalScope when projectId is null or 0 => null,
        GlobalScope => "a global label (scope g) belongs to no project: leave project_id out or 0",
        ProjectScope when projectId is > 0 => null,
        ProjectScope => "a project label (scope p) needs a positive project_id",
        _ => $"invalid label scope: {scope} (g or p)",
    };

    /// <summary>Everything a new label must satisfy; null when it may be created.</summary>
    public static string? CheckNew(string? name, string? color, string? scope, long? projectId) =>
        CheckName(name) ?? CheckColor(color) ?? CheckScope(scope, projectId);
}
