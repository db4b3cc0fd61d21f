using System.Globalization;
using System.Text;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Harbor's paging: <c>page</c> (from 1, default 1) and <c>page_size</c> (1 to 100, default 10);
/// responses carry <c>X-Total-Count</c> and a <c>Link</c> header with <c>prev</c>/<c>next</c> URLs
/// that keep every other query parameter.
/// </summary>
public static class HarborPaging
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;
    public const string TotalCountHeader = "X-Total-Count";

    public static bool TryParse(IQueryCollection query, out int page, out int pageSize, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        page = 1;
        pageSize = DefaultPageSize;
        error = null;
        if (!TryRead(query, "page", 1, int.MaxValue, ref page, ref error))
        {
            return false;
        }

        return TryRead(query, "page_size", 1, MaxPageSize, ref pageSize, ref error);
    }

    /// <summary>The <c>Link</c> header value, or null when there is neither a previous nor a next page.</summary>
    public static string? LinkHeader(string path, IQueryCollection query, long total, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(query);
        var links = new List<string>(2);
        if (page > 1 && (long)(page - 1) * pageSize < total)
        {
            links.Add(Link(path, query, page - 1, pageSize, "prev"));
        }

        if ((long)page * pageSize < total)
        {
            links.Add(Link(path, query, page + 1, pageSize, "next"));
        }

        return links.Count == 0 ? null : string.Join(" , ", links);
    }

    /// <summary>Writes <c>X-Total-Count</c> and, when there are other pages, <c>Link</c>.</summary>
    public static void WriteHeaders(HttpContext context, long total, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        if (LinkHeader(context.Request.PathBase + context.Request.Path, context.Request.Query, total, page, pageSize) is { } link)
        {
            context.Response.Headers.Link = link;
        }
    }

    private static string Link(string path, IQueryCollection query, int page, int pageSize, string rel)
    {
        var builder = new StringBuilder("<").Append(path).Append('?');
        foreach (var (key, values) in query)
        {
            if (key is "page" or "page_size")
            {
                continue;
            }

            foreach (var value in values)
            {
                builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty)).Append('&');
            }
        }

        builder.Append("page=").Append(page.ToString(CultureInfo.InvariantCulture))
            .Append("&page_size=").Append(pageSize.ToString(CultureInfo.InvariantCulture))
            .Append(">; rel=\"").Append(rel).Append('"');
        return builder.ToString();
    }

    private static bool TryRead(IQueryCollection query, string name, int min, int max, ref int value, ref string? error)
    {
        var raw = query[name];
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
        {
            return true;
        }

        if (raw.Count > 1 || !int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            error = max == int.MaxValue
                ? $"{name} must be an integer of at least {min}"
                : $"{name} must be an integer from {min} to {max}";
            return false;
        }

        value = parsed;
        return true;
    }
}
