using System.Data.Common;
using System.Text.Json;
using ArtifactKeeper.Gc;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>How a GC run's parameters and figures are written in the <c>gc_runs</c> row (JSON text).</summary>
internal static class GcRunRows
{
    public static string ParametersJson(GcParameters parameters) => JsonSerializer.Serialize(parameters);

    public static string FiguresJson(GcFigures figures) => JsonSerializer.Serialize(figures);

    /// <summary>A <c>gc_runs</c> row: id, kind, parameters, status, figures, creation and update time.</summary>
    public static GcRun Read(DbDataReader reader) =>
        Read(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetInstant(5), reader.GetInstant(6));

    public static GcRun Read(long id, string kind, string parameters, int status, string figures, DateTimeOffset created, DateTimeOffset updated) =>
        new(
            id,
            kind,
            JsonSerializer.Deserialize<GcParameters>(parameters) ?? GcParameters.Default,
            (GcJobStatus)status,
            JsonSerializer.Deserialize<GcFigures>(figures) ?? GcFigures.Zero,
            created,
            updated);
}
