using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Harbor's <c>sort</c> parameter: comma-separated field names, a leading <c>-</c> for descending
/// (<c>sort=name,-creation_time</c>). Fields the resource cannot sort by are skipped, as Harbor's
/// ORM does; a field named twice counts once, first wins.
/// </summary>
public static class HarborSortParser
{
    public static IReadOnlyList<SortKey> Parse(string? sort, IReadOnlySet<string> allowedFields)
    {
        ArgumentNullException.ThrowIfNull(allowedFields);
        var keys = new List<SortKey>();
        if (string.IsNullOrWhiteSpace(sort))
        {
            return keys;
        }

        foreach (var piece in sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var descending = piece.StartsWith('-');
            var field = descending ? piece[1..] : piece;
            if (allowedFields.Contains(field) && !keys.Exists(k => k.Field == field))
            {
                keys.Add(new SortKey(field, descending));
            }
        }

        return keys;
    }
}
