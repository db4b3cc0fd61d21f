using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// The label fields a listing may filter and sort on, spelled as Harbor's <c>harbor_label</c> columns.
/// <c>project_id</c> is 0 for global labels.
/// </summary>
public static class LabelFields
{
    public const string Id = "id", Name = "name", Description = "description", Color = "color", Scope = "scope", ProjectId = "project_id",
        CreationTime = "creation_time", UpdateTime = "update_time";

    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>([Id, Name, Description, Color, Scope, ProjectId], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([Id, Name, CreationTime, UpdateTime], StringComparer.Ordinal);

    /// <summary>Null when every filter can be applied; else why not.</summary>
    public static string? Validate(IReadOnlyDictionary<string, QueryValue> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (field, value) in filters)
        {
            if (field is Id or ProjectId && (value is FuzzyValue || !Values(value).All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))))
            {
                return $"{field} takes integers (exact, range or list)";
            }
        }

        return null;
    }

    private static IEnumerable<string> Values(QueryValue value) => value switch
    {
        ExactValue e => [e.Value],
        FuzzyValue f => [f.Value],
        RangeValue r => new[] { r.Min, r.Max }.OfType<string>(),
        OrListValue o => o.Values,
        AndListValue a => a.Values,
        _ => [],
    };
}
