using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>The registry endpoint fields a listing may filter (Harbor's <c>q</c>) and sort on.</summary>
public static class RegistryEndpointFields
{
    public const string Id = "id", Name = "name", Type = "type", Url = "url", Description = "description", Status = "status",
        CreationTime = "creation_time", UpdateTime = "update_time";

    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>([Id, Name, Type, Url, Description, Status], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([Id, Name, Type, Url, CreationTime, UpdateTime], StringComparer.Ordinal);

    /// <summary>Null when every filter can be applied; else why not.</summary>
    public static string? Validate(IReadOnlyDictionary<string, QueryValue> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (field, value) in filters)
        {
            if (field == Id && (value is FuzzyValue || !Values(value).All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))))
            {
                return "id takes integers (exact, range or list)";
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
