using System.Data.Common;
using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads an <c>immutable_tag_rules</c> row; its selectors are JSON (<see cref="ImmutableRuleJson"/>).</summary>
internal static class ImmutableRuleRows
{
    public static ImmutableRule Read(DbDataReader reader) =>
        ImmutableRuleJson.Read(
            reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetString(3), reader.GetString(4),
            reader.GetStringOrNull(5), reader.GetString(6), reader.GetString(7));
}
