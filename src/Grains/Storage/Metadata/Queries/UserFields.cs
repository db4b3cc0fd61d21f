using System.Globalization;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>The user fields a listing may filter (Harbor's <c>q</c> keys) and sort on, and their value rules.</summary>
public static class UserFields
{
    public const string UserId = "user_id", Username = "username", Email = "email", Realname = "realname", Comment = "comment",
        SysadminFlag = "sysadmin_flag", CreationTime = "creation_time", UpdateTime = "update_time";

    /// <summary>
    /// Sort-only key for user search: shortest (closest) matches first, as Harbor orders search results. Not
    /// in <see cref="Sortable"/>, so a caller's <c>sort</c> cannot name it.
    /// </summary>
    public const string UsernameLength = "username_length";

    public static readonly IReadOnlySet<string> Filterable =
        new HashSet<string>([UserId, Username, Email, Realname, Comment, SysadminFlag], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable =
        new HashSet<string>([UserId, Username, Email, Realname, SysadminFlag, CreationTime, UpdateTime], StringComparer.Ordinal);

    /// <summary>Null when every filter can be applied; else why not (a non-integer id, a non-boolean flag).</summary>
    public static string? Validate(IReadOnlyDictionary<string, QueryValue> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (field, value) in filters)
        {
            var error = field switch
            {
                SysadminFlag => value is ExactValue { Value: var flag } && ProjectMetadataRules.TryParseBool(flag, out _)
                    ? null : "sysadmin_flag only takes an exact true or false",
                UserId => value is not FuzzyValue && Values(value).All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    ? null : "user_id takes integers (exact, range or list)",
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
        RangeValue r => new[] { r.Min, r.Max }.OfType<string>(),
        OrListValue o => o.Values,
        AndListValue a => a.Values,
        _ => [],
    };
}
