namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>Harbor's <c>with_*</c> flags of the artifact endpoints.</summary>
public sealed record ArtifactView(bool WithTag, bool WithLabel, bool WithAccessory, bool WithImmutableStatus, bool WithSignature, bool WithScanOverview = false)
{
    /// <summary>Reads the flags (defaults as Harbor: only <c>with_tag</c> on); null and an error for a non-boolean.</summary>
    public static ArtifactView? Parse(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var values = new bool[6];
        string[] names = ["with_tag", "with_label", "with_accessory", "with_immutable_status", "with_signature", "with_scan_overview"];
        for (var i = 0; i < names.Length; i++)
        {
            var raw = query[names[i]].ToString();
            values[i] = i == 0;
            if (raw.Length > 0 && !bool.TryParse(raw, out values[i]))
            {
                error = $"{names[i]} must be true or false";
                return null;
            }
        }

        return new ArtifactView(values[0], values[1], values[2], values[3], values[4], values[5]);
    }
}
