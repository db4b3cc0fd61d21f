using System.Data.Common;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>registry_endpoints</c> row (<see cref="Queries.RegistryEndpointListSql.Columns"/>): the endpoint as the API shows it (secret only as "has one") and the secret beside it.</summary>
internal static class RegistryEndpointRows
{
    public static RegistryEndpointRecord Read(DbDataReader reader)
    {
        var secret = reader.GetString(8);
        var endpoint = new RegistryEndpoint(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5),
            reader.GetString(6), reader.GetStringOrNull(7), secret.Length > 0, reader.GetString(9),
            reader.GetInstant(10), reader.GetInstant(11));
        return new RegistryEndpointRecord(endpoint, secret) { LastPingTime = reader.GetInstantOrNull(12) };
    }
}
