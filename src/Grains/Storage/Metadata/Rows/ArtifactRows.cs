using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads the repository, artifact and tag rows selected with <see cref="ArtifactListSql"/>'s column lists.</summary>
internal static class ArtifactRows
{
    /// <summary>A row of <see cref="ArtifactListSql.RepositoryColumns"/>.</summary>
    public static RepositoryListing ReadRepository(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4),
        reader.GetInstant(5), reader.GetInstant(6));

    /// <summary>A row of <see cref="ArtifactListSql.ArtifactColumns"/>.</summary>
    public static ArtifactRow ReadArtifact(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetStringOrNull(5),
        reader.GetInt64(6),
        reader.GetStringOrNull(7),
        reader.GetFieldValue<byte[]>(8),
        reader.GetStringMapOrNull(9),
        reader.GetInstant(10));

    /// <summary>A row of <see cref="ArtifactListSql.TagColumns"/>.</summary>
    public static ArtifactTagRow ReadTag(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInstant(3));
}
