using System.Text.Json;
using ArtifactKeeper.Gc;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>How a GC run's parameters and figures are written in the <c>gc_runs</c> row (JSON text).</summary>
internal static class GcRunRows
{
    public static string ParametersJson(GcParameters parameters) => JsonSerializer.Serialize(parameters);

    public static string FiguresJson(GcFigures figures) => JsonSerializer.Serialize(figures);

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
