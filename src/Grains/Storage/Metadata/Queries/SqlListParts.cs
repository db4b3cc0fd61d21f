using System.Globalization;
using System.Text;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// The positional parameters of one listing statement, named <c>{prefix}q0</c>, <c>{prefix}q1</c>, ... so one
/// builder serves SQLite (<c>$</c>) and PostgreSQL (<c>@</c>).
/// </summary>
public sealed class SqlParameters(char prefix)
{
    private readonly List<(string Name, object Value)> _values = [];

    public IReadOnlyList<(string Name, object Value)> Values => _values;

    /// <summary>Adds <paramref name="value"/> and returns the name to write in the SQL.</summary>
    public string Add(object value)
    {
        var name = prefix + "q" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add((name, value));
        return name;
    }
}

/// <summary>
/// What every Harbor-style listing (projects, users, robots) writes the same way: a <c>q</c> value as a SQL
/// condition on one column, and the ORDER BY with a unique tiebreak plus LIMIT/OFFSET of a page.
/// </summary>
public static class SqlListParts
{
    /// <summary>
    /// <paramref name="value"/> as a condition on <paramref name="column"/>; <paramref name="typed"/> turns the
    /// query's text into the column's type (numbers, booleans). Fuzzy matches are case-insensitive substrings.
    /// </summary>
    public static string Condition(string column, QueryValue value, Func<string, object> typed, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(parameters);
        return value switch
        {
            ExactValue e => $"{column} = {parameters.Add(typed(e.Value))}",
            FuzzyValue f => $"LOWER({column}) LIKE {parameters.Add("%" + EscapeLike(f.Value.ToLowerInvariant()) + "%")} ESCAPE '\\'",
            RangeValue r => string.Join(
                " AND ",
                new[]
                {
                    r.Min is null ? null : $"{column} >= {parameters.Add(typed(r.Min))}",
                    r.Max is null ? null : $"{column} <= {parameters.Add(typed(r.Max))}",
                }.OfType<string>()),
            OrListValue o => o.Values.Count == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", o.Values.Select(v => parameters.Add(typed(v))))})",
            AndListValue a => a.Values.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", a.Values.Select(v => $"{column} = {parameters.Add(typed(v))}")) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown query value"),
        };
    }

    /// <summary>
    /// <c> ORDER BY</c> the query's sorts (or <paramref name="defaultOrder"/>), then <paramref name="tiebreak"/> so
    /// pages never overlap, and the page's <c>LIMIT</c>/<c>OFFSET</c>.
    /// </summary>
    public static string OrderAndPage(ListQuery query, Func<string, string> sortColumn, string defaultOrder, string tiebreak)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(sortColumn);
        var order = new StringBuilder(" ORDER BY ");
        foreach (var sort in query.Sorts)
        {
            order.Append(sortColumn(sort.Field)).Append(sort.Descending ? " DESC, " : " ASC, ");
        }

        if (query.Sorts.Count == 0)
        {
            order.Append(defaultOrder).Append(", ");
        }

        order.Append(tiebreak).Append(CultureInfo.InvariantCulture, $" LIMIT {query.PageSize} OFFSET {query.Offset}");
        return order.ToString();
    }

    /// <summary>Escapes LIKE's wildcards so user text matches literally (with <c>ESCAPE '\'</c>).</summary>
    public static string EscapeLike(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }
}
