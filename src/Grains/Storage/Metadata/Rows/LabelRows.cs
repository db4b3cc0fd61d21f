using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a label's eight columns starting at <c>first</c> (label listings put them first, artifact joins after the artifact's).</summary>
internal static class LabelRows
{
    public static LabelRecord Read(DbDataReader reader, int first) =>
        new(reader.GetInt64(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3), reader.GetString(first + 4),
            reader.GetInt64(first + 5), reader.GetInstant(first + 6), reader.GetInstant(first + 7));
}
