using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns a quota <see cref="ListQuery"/> into SQL over <c>quotas</c> (aliased <c>q</c>) joined to its project
/// (<c>p</c>) for both backends. The only filter is an exact <see cref="QuotaFields.ReferenceId"/>.
/// </summary>
public sealed class QuotaListSql(char parameterPrefix)
{
    public const string Columns =
        "q.id, q.project_id, p.name, p.owner_name, q.hard_storage, q.used_storage, q.creation_time, q.update_time";

    public const string From = "quotas q JOIN projects p ON p.project_id = q.project_id";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => SqlListParts.Condition(Column(f.Key), f.Value, Typed, parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query, Column, "q.id ASC", "q.id ASC");
        return ($"SELECT {Columns} FROM {From}{where}{orderAndPage};", $"SELECT COUNT(*) FROM {From}{where};", parameters.Values);
    }

    private static object Typed(string value) => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string Column(string field) => field switch
    {
        QuotaFields.Id => "q.id",
        QuotaFields.ReferenceId => "q.project_id",
        QuotaFields.CreationTime => "q.creation_time",
        QuotaFields.UpdateTime => "q.update_time",
        // Harbor sorts an unlimited (-1) limit above every finite one.
        QuotaFields.HardStorage => "CASE WHEN q.hard_storage < 0 THEN 9223372036854775807 ELSE q.hard_storage END",
        QuotaFields.UsedStorage => "q.used_storage",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a quota field"),
    };
}
