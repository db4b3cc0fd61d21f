using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>The project fields a listing may filter and sort on, and the value rules of each.</summary>
public static class ProjectFields
{
    public const string Name = "name", Public = "public", Owner = "owner", ProjectId = "project_id",
        CreationTime = "creation_time", UpdateTime = "update_time";

    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>([Name, Public, Owner, ProjectId], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([Name, CreationTime, UpdateTime, ProjectId], StringComparer.Ordinal);

    /// <summary>Null when every filter can be applied; else why not (a non-integer id, a non-boolean public...).</summary>
    public static string? Validate(IReadOnlyDictionary<string, QueryValue> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (field, value) in filters)
        {
            var error = field switch
            {
                Public => value is ExactValue { Value: var flag } && ProjectMetadataRules.TryParseBool(flag, out _)
                    ? null : "public only takes an exact true or false",
                ProjectId => Values(value).All(v => long.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _)) && value is not FuzzyValue
                    ? null : "project_id takes integers (exact, range or list)",
                _ => null,
            };
            if (error is not null)
            {
                return error;
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
