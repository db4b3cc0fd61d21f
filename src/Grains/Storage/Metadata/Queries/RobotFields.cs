using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// The robot fields a listing may filter and sort on, spelled as Harbor's robot columns (<c>expiresat</c>
/// included). <c>project_id</c> is 0 for system robots.
/// </summary>
public static class RobotFields
{
    public const string Id = "id", Name = "name", Description = "description", ProjectId = "project_id", Disabled = "disabled",
        Duration = "duration", ExpiresAt = "expiresat", CreationTime = "creation_time", UpdateTime = "update_time";

    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>([Name, Description, ProjectId, Disabled], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable =
        new HashSet<string>([Id, Name, ProjectId, Duration, ExpiresAt, CreationTime, UpdateTime], StringComparer.Ordinal);

    /// <summary>Null when every filter can be applied; else why not.</summary>
    public static string? Validate(IReadOnlyDictionary<string, QueryValue> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (field, value) in filters)
        {
            var error = field switch
            {
                ProjectId when value is FuzzyValue || !Values(value).All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) =>
                    "ProjectID takes integers (exact, range or list)",
                Disabled when value is not ExactValue { Value: "true" or "false" } => "disabled only takes an exact true or false",
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
