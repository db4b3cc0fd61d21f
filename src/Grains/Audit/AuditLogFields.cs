using System.Globalization;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Audit;

/// <summary>
/// The audit log's <c>q</c> keys and sort fields, spelled as Harbor's <c>audit_log</c> columns, and the
/// conversion of parsed <c>q</c> terms into validated <see cref="AuditFilter"/>s. Pure.
/// </summary>
public static class AuditLogFields
{
    public const string Id = "id", ProjectId = "project_id", Username = "username", Resource = "resource",
        ResourceType = "resource_type", Operation = "operation", OpTime = "op_time";

    public static readonly IReadOnlySet<string> Filterable =
        new HashSet<string>([Id, ProjectId, Username, Resource, ResourceType, Operation, OpTime], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = Filterable;

    /// <summary>Harbor's order when no sort is given: newest first.</summary>
    public static readonly IReadOnlyList<AuditSort> DefaultSort = [new(OpTime, true)];

    private static readonly string[] TimeFormats =
    [
        // Harbor's q builder reads times in this layout (UTC); the others are what people type.
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd",
    ];

    public static bool IsText(string field) => field is Username or Resource or ResourceType or Operation;

    /// <summary>
    /// Converts parsed <c>q</c> terms; false with a message for a value the field cannot take (a fuzzy
    /// id, a time that is not a time). Times become unix milliseconds.
    /// </summary>
    public static bool TryConvert(
        IReadOnlyDictionary<string, QueryValue> terms, out IReadOnlyList<AuditFilter> filters, out string? error)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var result = new List<AuditFilter>(terms.Count);
        filters = result;
        error = null;
        foreach (var (field, value) in terms.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!Filterable.Contains(field))
            {
                continue;
            }

            var (match, values) = value switch
            {
                ExactValue e => (AuditMatch.Exact, (IReadOnlyList<string>)[e.Value]),
                FuzzyValue f => (AuditMatch.Fuzzy, [f.Value]),
                RangeValue r => (AuditMatch.Range, [r.Min ?? string.Empty, r.Max ?? string.Empty]),
                OrListValue o => (AuditMatch.AnyOf, o.Values),
                AndListValue a => (AuditMatch.AllOf, a.Values),
                _ => throw new ArgumentOutOfRangeException(nameof(terms), value, "unknown query value"),
            };

            if (match == AuditMatch.Fuzzy && !IsText(field))
            {
                error = $"{field} does not take a fuzzy (~) value";
                return false;
            }

            var converted = new List<string>(values.Count);
            foreach (var raw in values)
            {
                if (match == AuditMatch.Range && raw.Length == 0)
                {
                    converted.Add(raw);
                }
                else if (field == OpTime)
                {
                    if (!TryParseTime(raw, out var at))
                    {
                        error = $"op_time takes times like 2006-01-02T15:04:05 (UTC), not '{raw}'";
                        return false;
                    }

                    converted.Add(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                }
                else if (!IsText(field) && !long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    error = $"{field} takes integers, not '{raw}'";
                    return false;
                }
                else
                {
                    converted.Add(raw);
                }
            }

            result.Add(new AuditFilter(field, match, converted));
        }

        return true;
    }

    /// <summary>A time in one of the accepted layouts; without an offset it is UTC, as in Harbor.</summary>
    public static bool TryParseTime(string value, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(
            value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    /// <summary>Sort keys on audit fields; Harbor's newest-first when none are given.</summary>
    public static IReadOnlyList<AuditSort> Sorts(IReadOnlyList<Storage.Metadata.Queries.SortKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var sorts = keys.Where(k => Sortable.Contains(k.Field)).Select(k => new AuditSort(k.Field, k.Descending)).ToList();
        return sorts.Count == 0 ? DefaultSort : sorts;
    }
}
