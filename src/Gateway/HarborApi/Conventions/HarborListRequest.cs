using System.Diagnostics.CodeAnalysis;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// What a Harbor list endpoint reads before its own checks: the page (<see cref="HarborPaging"/>), the
/// <c>q</c> terms (<see cref="HarborQueryParser"/>) as filters the endpoint may still add to, and at the end the
/// <c>sort</c> (<see cref="HarborSortParser"/>) that makes them a <see cref="ListQuery"/>.
/// </summary>
public sealed class HarborListRequest
{
    private readonly IQueryCollection _query;

    private HarborListRequest(IQueryCollection query, int page, int pageSize, IReadOnlyDictionary<string, QueryValue> terms)
    {
        _query = query;
        Page = page;
        PageSize = pageSize;
        Filters = new Dictionary<string, QueryValue>(terms, StringComparer.Ordinal);
    }

    public int Page { get; }

    public int PageSize { get; }

    /// <summary>The <c>q</c> terms whose keys are allowed, plus what the endpoint adds.</summary>
    public Dictionary<string, QueryValue> Filters { get; }

    /// <summary>Reads <c>page</c>, <c>page_size</c> and <c>q</c> (keys outside <paramref name="queryKeys"/> dropped); else the 400 message.</summary>
    public static bool TryRead(
        IQueryCollection query,
        IReadOnlySet<string> queryKeys,
        [NotNullWhen(true)] out HarborListRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        request = null;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out error)
            || !HarborQueryParser.TryParse(query["q"], queryKeys, out var terms, out error))
        {
            error ??= "invalid list query";
            return false;
        }

        request = new HarborListRequest(query, page, pageSize, terms);
        return true;
    }

    /// <summary>
    /// Harbor's deprecated plain parameter (<c>name=</c>, <c>username=</c>…) when given: a fuzzy match on
    /// <paramref name="field"/>, over any <c>q</c> term for it.
    /// </summary>
    public void AddFuzzyParameter(string parameter, string field)
    {
        if (_query[parameter].ToString() is { Length: > 0 } value)
        {
            Filters[field] = new FuzzyValue(value);
        }
    }

    /// <summary>The filters, the <c>sort</c> parameter's keys within <paramref name="sortable"/>, and the page.</summary>
    public ListQuery ToListQuery(IReadOnlySet<string> sortable) =>
        new(Filters, HarborSortParser.Parse(_query["sort"], sortable), Page, PageSize);

    /// <summary><c>X-Total-Count</c> and <c>Link</c> for this page of <paramref name="total"/> items.</summary>
    public void WriteHeaders(HttpContext context, long total) => HarborPaging.WriteHeaders(context, total, Page, PageSize);
}
