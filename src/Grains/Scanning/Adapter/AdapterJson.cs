using System.Text.Json;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>The serializer settings of the adapter API: property names from the models, nulls as the models say.</summary>
public static class AdapterJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };
}
