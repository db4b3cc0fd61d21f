using System.Data;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Tests.Unit.Storage.Rows;

/// <summary>
/// The value conventions both metadata stores' rows share, read through a plain ADO.NET reader
/// (<see cref="DataTableReader"/>) as the SQLite and PostgreSQL readers are.
/// </summary>
public sealed class RowValuesTests
{
    private static DataTableReader Row(params (string Name, Type Type, object Value)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type, _) in columns)
        {
            table.Columns.Add(name, type);
        }

        table.Rows.Add(columns.Select(c => c.Value).ToArray());
        var reader = table.CreateDataReader();
        Assert.True(reader.Read());
        return reader;
    }

    [Fact]
    public void Instants_are_unix_milliseconds_and_a_null_one_is_null()
    {
        using var reader = Row(("at", typeof(long), 1_700_000_000_123L), ("ended", typeof(long), DBNull.Value));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123L), reader.GetInstant(0));
        Assert.Equal(reader.GetInstant(0), reader.GetInstantOrNull(0));
        Assert.Null(reader.GetInstantOrNull(1));
    }

    [Fact]
    public void Nullable_strings_and_integers_read_null_only_for_null_columns()
    {
        using var reader = Row(
            ("text", typeof(string), "value"), ("no_text", typeof(string), DBNull.Value), ("id", typeof(long), 42L), ("no_id", typeof(long), DBNull.Value));

        Assert.Equal(("value", (string?)null, 42L, (long?)null), (reader.GetStringOrNull(0), reader.GetStringOrNull(1), reader.GetInt64OrNull(2), reader.GetInt64OrNull(3)));
    }

    [Fact]
    public void String_maps_are_json_objects_and_a_null_map_is_null()
    {
        using var reader = Row(("metadata", typeof(string), """{"public":"true","auto_scan":"false"}"""), ("none", typeof(string), DBNull.Value));

        Assert.Equal(new Dictionary<string, string> { ["public"] = "true", ["auto_scan"] = "false" }, reader.GetStringMap(0));
        Assert.Equal(reader.GetStringMap(0), reader.GetStringMapOrNull(0));
        Assert.Null(reader.GetStringMapOrNull(1));
    }

    [Fact]
    public void Quota_rows_map_their_columns_in_QuotaListSql_order()
    {
        using var reader = Row(
            ("id", typeof(long), 7L), ("project_id", typeof(long), 3L), ("name", typeof(string), "library"), ("owner", typeof(string), "admin"),
            ("hard", typeof(long), -1L), ("used", typeof(long), 512L), ("created", typeof(long), 1000L), ("updated", typeof(long), 2000L));

        Assert.Equal(
            new QuotaRecord(7, 3, "library", "admin", -1, 512, DateTimeOffset.FromUnixTimeMilliseconds(1000), DateTimeOffset.FromUnixTimeMilliseconds(2000)),
            QuotaRows.Read(reader));
    }
}
