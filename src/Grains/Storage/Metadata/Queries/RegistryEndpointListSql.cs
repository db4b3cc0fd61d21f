using System.Globalization;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Turns a registry endpoint <see cref="ListQuery"/> into SQL over <c>registry_endpoints</c> (aliased <c>e</c>) for both
/// backends, which differ only in the parameter prefix. Filters were checked by <see cref="RegistryEndpointFields.Validate"/>.
/// </summary>
public sealed class RegistryEndpointListSql(char parameterPrefix)
{
    /// <summary>The columns, in the order each store's reader reads them.</summary>
    public const string Columns =
        "e.id, e.name, e.type, e.url, e.description, e.insecure, e.credential_type, e.access_key, e.access_secret, e.status, " +
        "e.creation_time, e.update_time, e.last_ping_time";

    public (string Select, string Count, IReadOnlyList<(string Name, object Value)> Parameters) Build(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new SqlParameters(parameterPrefix);
        var conditions = query.Filters.Select(f => SqlListParts.Condition(Column(f.Key), f.Value, v => Typed(f.Key, v), parameters)).ToList();
        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        var orderAndPage = SqlListParts.OrderAndPage(query, Column, "e.id ASC", "e.id ASC");
        return ($"SELECT {Columns} FROM registry_endpoints e{where}{orderAndPage};", $"SELECT COUNT(*) FROM registry_endpoints e{where};", parameters.Values);
    }

    private static object Typed(string field, string value) =>
        field == RegistryEndpointFields.Id ? long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : value;

    private static string Column(string field) => field switch
    {
        RegistryEndpointFields.Id => "e.id",
        RegistryEndpointFields.Name => "e.name",
        RegistryEndpointFields.Type => "e.type",
        RegistryEndpointFields.Url => "e.url",
        RegistryEndpointFields.Description => "e.description",
        RegistryEndpointFields.Status => "e.status",
        RegistryEndpointFields.CreationTime => "e.creation_time",
        RegistryEndpointFields.UpdateTime => "e.update_time",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a registry endpoint field"),
    };
}
