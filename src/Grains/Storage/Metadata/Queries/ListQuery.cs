namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>One sort key: a whitelisted field name and a direction.</summary>
public sealed record SortKey(string Field, bool Descending);

/// <summary>
/// A paged, filtered, sorted listing request, already restricted to the fields the resource allows.
/// <see cref="Page"/> is 1-based.
/// </summary>
public sealed record ListQuery(
    IReadOnlyDictionary<string, QueryValue> Filters,
    IReadOnlyList<SortKey> Sorts,
    int Page,
    int PageSize)
{
    public static ListQuery All { get; } = new(new Dictionary<string, QueryValue>(), [], 1, int.MaxValue);

    public long Offset => (long)(Page - 1) * PageSize;
}

/// <summary>One page of a listing and the number of rows matching the filters on all pages.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, long Total);
