using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns a label <see cref="ListQuery"/> into SQL over the <c>labels</c> table (aliased <c>l</c>) for both backends,
/// which differ only in the parameter prefix. Filters were checked by <see cref="LabelFields.Validate"/>.
/// </summary>
public sealed class LabelListSql(char parameterPrefix)
{
    public const string Columns =
        "l.id, l.name, l.description, l.color, l.scope, COALESCE(l.project_id, 0), l.creation_time, l.update_time";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => SqlListParts.Condition(Column(f.Key), f.Value, v => Typed(f.Key, v), parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query, Column, "l.id ASC", "l.id ASC");
        return ($"SELECT {Columns} FROM labels l{where}{orderAndPage};", $"SELECT COUNT(*) FROM labels l{where};", parameters.Values);
    }

    private static object Typed(string field, string value) => field switch
    {
        LabelFields.Id or LabelFields.ProjectId => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string Column(string field) => field switch
    {
        LabelFields.Id => "l.id",
        LabelFields.Name => "l.name",
        LabelFields.Description => "l.description",
        LabelFields.Color => "l.color",
        LabelFields.Scope => "l.scope",
        LabelFields.ProjectId => "COALESCE(l.project_id, 0)",
        LabelFields.CreationTime => "l.creation_time",
        LabelFields.UpdateTime => "l.update_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a label field"),
    };
}
