using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Reads the packages of an rpm database: the SQLite backend (<c>rpmdb.sqlite</c>, table Packages, one header blob
/// per row) and the BerkeleyDB hash backend (<c>Packages</c>) of older releases.
/// </summary>
public static class RpmDatabaseReader
{
    /// <summary>Reads an rpmdb.sqlite file on disk (SQLite needs a file); opened read-only, never modified.</summary>
    public static IReadOnlyList<InstalledPackage> ReadSqlite(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob FROM Packages";
        using var reader = command.ExecuteReader();
        var headers = new List<RpmHeader>();
        while (reader.Read())
        {
            if (reader.IsDBNull(0))
                continue;
            var blob = (byte[])reader.GetValue(0);
            if (RpmHeaderParser.Parse(blob) is { } header)
                headers.Add(header);
        }

        return ToPackages(headers);
    }

    /// <summary>Reads a BerkeleyDB hash rpmdb (<c>Packages</c>) held in memory.</summary>
    public static IReadOnlyList<InstalledPackage> ReadBerkeleyDb(ReadOnlySpan<byte> file)
        => ToPackages(BerkeleyDbHashReader.ReadValues(file).Select(v => RpmHeaderParser.Parse(v)).OfType<RpmHeader>().ToList());

    public static IReadOnlyList<InstalledPackage> ToPackages(IEnumerable<RpmHeader> headers)
        => headers
            .Where(h => h.Name != "gpg-pubkey")
            .Select(h =>
            {
                var (sourceName, sourceVersion) = h.Source;
                return new InstalledPackage(DistroPlaceholders.Rpm, h.Name, h.Evr)
                {
                    SourceName = sourceName,
                    SourceVersion = sourceVersion,
                };
            })
            .ToList();
}
